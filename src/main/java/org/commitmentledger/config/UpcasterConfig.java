package org.commitmentledger.config;

import org.commitmentledger.eventlog.stored.Upcasters;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upcaster chain as the one {@link EventUpcaster} bean, which Axon's configuration gives the event store. */
@Configuration(proxyBeanMethods = false)
class UpcasterConfig {

    @Bean
    EventUpcaster storedEventUpcasters() {
        return Upcasters.chain();
    }
}
