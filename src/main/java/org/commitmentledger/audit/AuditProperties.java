package org.commitmentledger.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed checkpoints and verification (ADR 0022, ADR 0023).
 *
 * @param signingKeyFile     the Ed25519 private key, PKCS#8 PEM as {@code openssl genpkey -algorithm ed25519} writes it
 * @param generateKey        create the key file on first start when it is missing (the embedded default only)
 * @param origin             the log's name in every checkpoint and the signature's key name
 * @param checkpointInterval a new checkpoint once the tree grew and this much time passed since the last one ...
 * @param checkpointEvents   ... or this many events were appended since it
 * @param verifyWait         how long a caller waits for a full verification another caller started, before 409
 */
@ConfigurationProperties("ledger.audit")
record AuditProperties(String signingKeyFile,
                              @DefaultValue("false") boolean generateKey,
                              @DefaultValue("commitment-ledger.example/ledger") String origin,
                              @DefaultValue("PT10S") Duration checkpointInterval,
                              @DefaultValue("1000") long checkpointEvents,
                              @DefaultValue("PT30S") Duration verifyWait) {
}
