package org.commitmentledger.pledge.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PledgeQueryConfig {

    /**
     * The directory is written in the transaction of the pledge's first event: if it cannot record the pledge, the
     * write must fail rather than leave a pledge that authorisation and the fund history cannot find.
     */
    @Bean
    ConfigurerModule pledgeDirectoryFailuresRefuseTheWrite() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(PledgeDirectory.GROUP,
                conf -> PropagatingErrorHandler.instance());
    }
}
