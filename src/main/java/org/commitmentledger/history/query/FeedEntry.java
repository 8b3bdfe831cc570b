package org.commitmentledger.history.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** One event as the feed and the histories show it, and as the hash chain covers it (ADR 0007). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                        JsonNode payload, String hash) {

    public FeedEntry withHash(String hash) {
        return new FeedEntry(sequence, type, recordedAt, effectiveAt, actor, payload, hash);
    }
}
