package org.commitmentledger.projection;

import org.commitmentledger.projection.api.Projections;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Both subscribing groups write in the append's transaction: a handler that throws must refuse the write (Axon's
 * default would log the error and commit the event without its rows).
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfig {

    /** Flyway runs the migrations it finds as beans with those of db/migration, in version order. */
    @Bean
    JavaMigration pledgeKindColumns() {
        return new PledgeKindColumns();
    }

    @Bean
    ConfigurerModule projectionFailuresRefuseTheWrite() {
        return configurer -> {
            configurer.eventProcessing().registerListenerInvocationErrorHandler(Projections.GROUP,
                    conf -> PropagatingErrorHandler.instance());
        };
    }
}
