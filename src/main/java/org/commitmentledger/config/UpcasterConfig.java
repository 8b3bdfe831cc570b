package org.commitmentledger.config;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.commitmentledger.pledge.api.PledgeMadeUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Every upcaster of stored events, as Spring beans: Axon's configuration chains them, in this order, into the
 * upcaster chain of the event store, and a projection rebuild reads old revisions through the same chain (ADR 0036).
 * A new revision of an event adds its upcaster here, after those of the older revisions of the same event.
 */
@Configuration(proxyBeanMethods = false)
class UpcasterConfig {

    @Bean
    @Order(1)
    EventUpcaster pledgeMade1To2() {
        return new PledgeMadeUpcaster();
    }
}
