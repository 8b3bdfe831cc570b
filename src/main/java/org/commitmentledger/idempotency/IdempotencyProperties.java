package org.commitmentledger.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledger.idempotency.*}. The contract promises keys for at least 24 hours, so a shorter retention refuses to
 * start.
 *
 * @param retention       how long a key and its answer are kept (48 h)
 * @param inFlightTimeout after how long an unfinished first request counts as abandoned by a crashed node (5 min)
 * @param purgeInterval   how often expired keys are deleted (1 h)
 */
@ConfigurationProperties("ledger.idempotency")
record IdempotencyProperties(@DefaultValue("PT48H") Duration retention,
                             @DefaultValue("PT5M") Duration inFlightTimeout,
                             @DefaultValue("PT1H") Duration purgeInterval) {

    static final Duration PROMISED_RETENTION = Duration.ofHours(24);

    IdempotencyProperties {
        if (retention.compareTo(PROMISED_RETENTION) < 0) {
            throw new IllegalStateException("ledger.idempotency.retention is " + retention
                    + " but the API promises to keep Idempotency-Keys for at least " + PROMISED_RETENTION);
        }
        if (inFlightTimeout.isNegative() || inFlightTimeout.isZero()) {
            throw new IllegalStateException("ledger.idempotency.in-flight-timeout must be positive");
        }
    }
}
