package org.commitmentledger.write;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The write path's bounds (ADR 0020).
 *
 * @param maxBatch      commands committed together at most
 * @param queueCapacity commands waiting for the writer at most; beyond it a write is refused with 503
 * @param answerTimeout how long a request waits for its commit before it answers 503 (the write may still commit;
 *                      its Idempotency-Key then gives its outcome)
 * @param haltAfterCommitKey fault injection for crash tests, unset in every real deployment: the JVM halts right
 *                      after committing the write that carries this Idempotency-Key, before answering it
 */
@ConfigurationProperties("ledger.writes")
record WriteProperties(@DefaultValue("64") int maxBatch, @DefaultValue("4096") int queueCapacity,
                              @DefaultValue("PT60S") Duration answerTimeout, String haltAfterCommitKey) {

    public WriteProperties {
        if (maxBatch < 1 || queueCapacity < 1) {
            throw new IllegalStateException("ledger.writes.max-batch and queue-capacity must be at least 1");
        }
    }
}
