package org.commitmentledger.eventlog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as the feed and the histories show it, and as the hash chain covers it (ADR 0007); the Merkle tree's
 * leaf covers it with its aggregate identifier and sequence too (ADR 0021). A CORRECTION also shows the valid-time
 * interval it corrected, {@code correctsFigureFrom} to {@code correctsFigureTo} (absent when open-ended): derived from
 * the pledge's earlier events, never hashed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                        JsonNode payload, String hash, String aggregateId, Long aggregateSequence,
                        String correctsFigureFrom, String correctsFigureTo) {

    public FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                     JsonNode payload, String hash) {
        this(sequence, type, recordedAt, effectiveAt, actor, payload, hash, null, null);
    }

    public FeedEntry(long sequence, String type, String recordedAt, String effectiveAt, JsonNode actor,
                     JsonNode payload, String hash, String aggregateId, Long aggregateSequence) {
        this(sequence, type, recordedAt, effectiveAt, actor, payload, hash, aggregateId, aggregateSequence, null,
                null);
    }

    public FeedEntry withHash(String hash) {
        return new FeedEntry(sequence, type, recordedAt, effectiveAt, actor, payload, hash, aggregateId,
                aggregateSequence, correctsFigureFrom, correctsFigureTo);
    }

    /** The entry with the valid-time interval its CORRECTION corrected. */
    public FeedEntry withCorrected(String from, String to) {
        return new FeedEntry(sequence, type, recordedAt, effectiveAt, actor, payload, hash, aggregateId,
                aggregateSequence, from, to);
    }

    /** Whether this entry is a pledge CORRECTION; not a field of the entry (the feed and the hashes never show it). */
    @JsonIgnore
    public boolean isCorrection() {
        return "PledgeRevised".equals(type) && payload != null && payload.hasNonNull("kind")
                && "CORRECTION".equals(payload.get("kind").asText());
    }
}
