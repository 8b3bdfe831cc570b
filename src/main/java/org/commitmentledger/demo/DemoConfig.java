package org.commitmentledger.demo;

import java.time.Clock;

import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class DemoConfig {

    /** Refuses the demo profile anywhere but its own embedded store; checks nothing without it. */
    @Bean
    static DemoChecks demoChecks(Environment environment) {
        return new DemoChecks(environment);
    }

    /** The demo's record clock, installed as Axon's for as long as the demo runs. */
    @Bean
    @Profile(DemoChecks.PROFILE)
    InstalledClock demoRecordClock() {
        return new InstalledClock(new DemoRecordClock());
    }

    /** Axon's record clock is a static field: this puts the demo's in and the previous one back on close. */
    static final class InstalledClock implements DisposableBean {
        final DemoRecordClock clock;
        private final Clock previous;

        InstalledClock(DemoRecordClock clock) {
            this.clock = clock;
            this.previous = GenericEventMessage.clock;
            GenericEventMessage.clock = clock;
        }

        @Override
        public void destroy() {
            if (GenericEventMessage.clock == clock) {
                GenericEventMessage.clock = previous;
            }
        }
    }
}
