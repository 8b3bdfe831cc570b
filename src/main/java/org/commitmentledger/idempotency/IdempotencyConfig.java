package org.commitmentledger.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.write.StoredCommits;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Registers the idempotency filter right after Spring Security's filter chain: 401 and 403 (role) are answered
 * before a key is looked at, and the key is scoped to the user Spring Security authenticated.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyConfig {

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
            IdempotencyStore store, ObjectMapper json, StoredCommits storedCommits,
            org.springframework.boot.autoconfigure.security.SecurityProperties springSecurity) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, json, storedCommits));
        registration.setOrder(springSecurity.getFilter().getOrder() + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
