package org.commitmentledger.operations;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.commitmentledger.projection.api.Projections;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class OperationsConfig {

    @Bean
    FoldFailures foldFailures(Clock clock, MeterRegistry meters) {
        return new FoldFailures(clock, meters);
    }

    @Bean
    ConfigurerModule foldFailuresAreWatched(FoldFailures folds) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(Projections.GROUP,
                conf -> folds);
    }

    @Bean
    FilterRegistrationBean<RefusedRequests> refusedRequests(MeterRegistry meters) {
        FilterRegistrationBean<RefusedRequests> registration = new FilterRegistrationBean<>(new RefusedRequests(meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
