package org.commitmentledger.idempotency;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.commitmentledger.write.WriteAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotent_request} table. Every node of the service shares it, so a key is honoured whichever node a
 * retry reaches. Each row is claimed by a random token; only the claimant may finish or abandon it (ADR 0010).
 */
@Component
class IdempotencyStore implements WriteAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStore.class);
    private static final String IN_FLIGHT = "IN_FLIGHT";
    private static final String DONE = "DONE";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final IdempotencyProperties properties;

    IdempotencyStore(JdbcTemplate jdbc, Clock clock, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** What to do with a request that carries a key. */
    sealed interface Decision permits Proceed, Replay, InFlight, OtherRequest {
    }

    /** Run the request; this node holds the row under {@code claim}. */
    record Proceed(String claim, boolean tookOver) implements Decision {
    }

    /** The first request finished: answer exactly this. */
    record Replay(int status, String contentType, String location, byte[] body) implements Decision {
    }

    /** The first request with this key is still running. */
    record InFlight() implements Decision {
    }

    /** The key was used for a request with another body or endpoint. */
    record OtherRequest() implements Decision {
    }

    private record Row(String requestHash, String state, Integer status, String contentType, String location,
                       byte[] body) {
    }

    Decision begin(String user, String key, String requestHash) {
        // a concurrent abandon can delete the row between our insert and our look: then simply try again
        for (int attempt = 0; attempt < 3; attempt++) {
            String claim = UUID.randomUUID().toString();
            try {
                jdbc.update("insert into idempotent_request (user_name, request_key, request_hash, state, claim, "
                        + "created_at) values (?, ?, ?, ?, ?, ?)", user, key, requestHash, IN_FLIGHT, claim, now());
                return new Proceed(claim, false);
            } catch (DuplicateKeyException taken) {
                Row row = find(user, key);
                if (row == null) {
                    continue;
                }
                if (!row.requestHash().equals(requestHash)) {
                    return new OtherRequest();
                }
                if (DONE.equals(row.state())) {
                    return new Replay(row.status(), row.contentType(), row.location(), row.body());
                }
                if (takeOverAbandoned(user, key, claim)) {
                    LOG.warn("Idempotency-Key of {} was in flight for more than {} (a crashed node?); running the "
                            + "request again", user, properties.inFlightTimeout());
                    return new Proceed(claim, true);
                }
                return new InFlight();
            }
        }
        return new InFlight();
    }

    /** Stores the answer of the request run under {@code claim}. */
    void complete(String user, String key, String claim, int status, String contentType, String location,
                  byte[] body) {
        int updated = jdbc.update("update idempotent_request set state = ?, status = ?, content_type = ?, "
                        + "location = ?, response_body = ? where user_name = ? and request_key = ? and claim = ?",
                DONE, status, contentType, location, body, user, key, claim);
        if (updated == 0) {
            LOG.warn("the answer to an Idempotency-Key of {} could not be stored: another node took the key over",
                    user);
        }
    }

    /** Which request holds a key: the filter hands it to the write path, which stores the answer with the write. */
    record Claim(String user, String key, String claim) {
    }

    /**
     * Stores a write's answer in the write's transaction. Only the claimant of a key still in flight can, so of two
     * requests that both ran under one key (the first outlived the in-flight timeout and a retry took it over) at
     * most one commits its write.
     */
    @Override
    public boolean record(Object claim, int status, String contentType, String location, byte[] body) {
        Claim held = (Claim) claim;
        return jdbc.update("update idempotent_request set state = ?, status = ?, content_type = ?, location = ?, "
                        + "response_body = ? where user_name = ? and request_key = ? and claim = ? and state = ?",
                DONE, status, contentType, location, body, held.user(), held.key(), held.claim(), IN_FLIGHT) == 1;
    }

    /** Forgets a key whose request produced no answer worth repeating, so that a retry runs it again. */
    void abandon(String user, String key, String claim) {
        // a write that stored its answer in its own transaction is DONE and stays
        jdbc.update("delete from idempotent_request where user_name = ? and request_key = ? and claim = ? "
                + "and state = ?", user, key, claim, IN_FLIGHT);
    }

    /** Deletes keys older than the retention; every node runs it, which is harmless. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${ledger.idempotency.purge-interval:PT1H}")
    int purgeExpired() {
        int purged = jdbc.update("delete from idempotent_request where created_at < ?",
                now().minus(properties.retention()));
        if (purged > 0) {
            LOG.info("purged {} Idempotency-Keys older than {}", purged, properties.retention());
        }
        return purged;
    }

    private boolean takeOverAbandoned(String user, String key, String claim) {
        OffsetDateTime now = now();
        return jdbc.update("update idempotent_request set claim = ?, created_at = ? where user_name = ? "
                        + "and request_key = ? and state = ? and created_at < ?",
                claim, now, user, key, IN_FLIGHT, now.minus(properties.inFlightTimeout())) == 1;
    }

    private Row find(String user, String key) {
        List<Row> rows = jdbc.query("select request_hash, state, status, content_type, location, response_body "
                        + "from idempotent_request where user_name = ? and request_key = ?",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6)), user, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
