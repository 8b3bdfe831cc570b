package org.commitmentledger.audit;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The checkpoint signing key, read (or, in the embedded default, created) at start: no key, no start (ADR 0022). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AuditProperties.class)
class CheckpointConfig {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointConfig.class);

    @Bean
    SigningKey checkpointSigningKey(AuditProperties properties) {
        SigningKey key = SigningKey.open(properties.signingKeyFile(), properties.generateKey(), properties.origin());
        LOG.info("checkpoints are signed with the key in {}; auditors keep its public key: {}",
                properties.signingKeyFile(), key.verifierKey());
        return key;
    }

    /** Each full verification is timed in {@code ledger.verifications}, by whether the history held. */
    @Bean
    VerificationGate verificationGate(ChainStore chain, AuditProperties properties, MeterRegistry meters) {
        return new VerificationGate(() -> {
            long started = System.nanoTime();
            ChainStore.Verification verification = chain.verify();
            Timer.builder("ledger.verifications").description("Full verifications of the chain and the tree")
                    .tag("result", verification.valid() ? "valid" : "invalid").register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return verification;
        }, properties.verifyWait());
    }
}
