package org.commitmentledger.history.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as the feed and the histories show it, and as the hash chain covers it (ADR 0007); the Merkle tree's
 * leaf covers it with its aggregate identifier and sequence too (ADR 0021).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                        JsonNode payload, String hash, String aggregateId, Long aggregateSequence) {

    public FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                     JsonNode payload, String hash) {
        this(sequence, type, recordedAt, effectiveAt, actor, payload, hash, null, null);
    }

    public FeedEntry withHash(String hash) {
        return new FeedEntry(sequence, type, recordedAt, effectiveAt, actor, payload, hash, aggregateId,
                aggregateSequence);
    }
}
