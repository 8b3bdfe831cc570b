package org.commitmentledger.support;

import java.util.List;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads processors' tokens as the shared token store holds them (committed in the same transaction as the
 * projection rows), without claiming anything: what every node of a cluster sees.
 */
@Component
class StoredTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    StoredTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    int segments(String processor) {
        Integer n = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?", Integer.class,
                processor);
        return n == null ? 0 : n;
    }

    /** True when every segment's stored token covers the event. */
    boolean allCover(String processor, long sequence) {
        List<TrackingToken> tokens = jdbc.query("select token, token_type from token_entry where processor_name = ?",
                (rs, i) -> {
                    byte[] bytes = rs.getBytes(1);
                    String type = rs.getString(2);
                    if (bytes == null || type == null) {
                        return null;
                    }
                    return (TrackingToken) serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class,
                            type, null));
                }, processor);
        if (tokens.isEmpty()) {
            return false;
        }
        for (TrackingToken token : tokens) {
            if (!ProjectionBarrier.covers(token, sequence)) {
                return false;
            }
        }
        return true;
    }
}
