package org.commitmentledger.eventlog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.security.api.Actor;

/**
 * One event as the feed and the histories show it, and as the hash chain covers it (ADR 0007); the Merkle tree's
 * leaf covers it with its aggregate identifier and sequence too (ADR 0021). A CORRECTION also shows the valid-time
 * interval it corrected, {@code correctsFigureFrom} to {@code correctsFigureTo} (absent when open-ended): derived from
 * the pledge's earlier events, never hashed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEntry(
        @Schema(description = "the event's global sequence: starts at 1 and only grows") long sequence,
        @Schema(description = "the event's type", example = "PledgeMade") String type,
        @Schema(format = "date-time", description = "when the ledger recorded it") String recordedAt,
        @Schema(format = "date-time", description = "when it takes effect; absent for an event without one",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @JsonInclude(JsonInclude.Include.NON_NULL) String effectiveAt,
        @Schema(implementation = Actor.class, description = "who recorded it") JsonNode actor,
        @Schema(implementation = EventPayload.class) JsonNode payload,
        @Schema(pattern = AnswerFormats.SHA256_HEX, description = "the hash chain's link of this event") String hash,
        @Schema(description = "the fund, pledge or member the event belongs to") String aggregateId,
        @Schema(description = "the event's 0-based position in its aggregate's events") Long aggregateSequence,
        @Schema(format = "date-time", description = "a CORRECTION's corrected interval: its start",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @JsonInclude(JsonInclude.Include.NON_NULL) String correctsFigureFrom,
        @Schema(format = "date-time", description = "a CORRECTION's corrected interval: its end; absent when "
                + "open-ended", requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @JsonInclude(JsonInclude.Include.NON_NULL) String correctsFigureTo) {

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

    /** What the OpenAPI document says of {@code payload}: an object whose fields depend on the event's type. */
    @Schema(name = "EventPayload", types = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
            description = "the event as stored, its fields depending on its type, money inside it as strings")
    interface EventPayload {
    }

    /** Whether this entry is a pledge CORRECTION; not a field of the entry (the feed and the hashes never show it). */
    @JsonIgnore
    public boolean isCorrection() {
        return "PledgeRevised".equals(type) && payload != null && payload.hasNonNull("kind")
                && "CORRECTION".equals(payload.get("kind").asText());
    }
}
