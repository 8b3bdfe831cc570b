package org.commitmentledger.config;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Axon on its JPA event store, with a serializer whose JSON we pinned ourselves (ADR 0001). */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * The one serializer for events, messages and tokens. It owns its ObjectMapper, so nothing configured for the
     * HTTP API can change how stored events look.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder()
                .objectMapper(EventJson.mapper())
                .revisionResolver(new AnnotationRevisionResolver())
                .build();
    }

    /** Copies the actor of each command into the metadata of every event it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.METADATA_KEY);
    }
}
