package org.commitmentledger.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

    /** The server clock: the default effectiveAt and the "not in the future" check use it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
