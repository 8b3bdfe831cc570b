package org.commitmentledger.read;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link QueryParameters} in front of every handler (ADR 0033). */
@Configuration(proxyBeanMethods = false)
class QueryParametersConfig implements WebMvcConfigurer {

    private final QueryParameters parameters;

    QueryParametersConfig(QueryParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(parameters);
    }
}
