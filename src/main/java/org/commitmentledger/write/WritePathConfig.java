package org.commitmentledger.write;

import javax.sql.DataSource;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The write path's settings and Axon's transactions as savepoints of the writer's batch (ADR 0020). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WriteProperties.class)
class WritePathConfig {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions, DataSource dataSource,
                                              EntityManagerProvider entityManagers) {
        return new SavepointTransactionManager(dataSource, entityManagers, new SpringTransactionManager(transactions));
    }
}
