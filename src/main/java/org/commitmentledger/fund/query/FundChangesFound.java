package org.commitmentledger.fund.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/**
 * What differs in a fund's answer between two record times: its top-level fields, its pledges' figures, and the
 * events recorded in between. The changes read shows these fields after its own header.
 */
public record FundChangesFound(List<FundFieldChange> fund, List<FundPledgeChange> pledges, List<FundChangeEvent> events) {

    /** A field of the fund read whose value differs; a side is null where the fund did not exist yet. */
    public record FundFieldChange(
            @Schema(allowableValues = {"targetEur", "pledgedEur", "disbursedEur", "gapEur", "status", "round",
                    "optOuts"}) String field,
            // the value's type depends on the field, so the schema lists every type a field of the fund read has
            @Schema(anyOf = {String.class, Long.class, String[].class}, nullable = true, description = VALUE) Object before,
            @Schema(anyOf = {String.class, Long.class, String[].class}, nullable = true, description = VALUE) Object after) {

        private static final String VALUE = "the value as the fund read shows that field: a money string, the "
                + "status, the round number or the list of opted-out members; null where the fund did not exist";
    }

    /** A pledge whose figures differ; a side is null where the pledge was not in force. */
    public record FundPledgeChange(String pledgeId, String member, @Schema(nullable = true) FundPledgeFigures before,
                               @Schema(nullable = true) FundPledgeFigures after) {
    }

    /** The figures of a pledge an auditor compares. */
    public record FundPledgeFigures(
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "1000000.00") String eurAmount,
            @Schema(allowableValues = {"ACTIVE", "WITHDRAWN"}) String status,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "0.00") String disbursedEur) {
    }

    /** An event of the fund or its pledges recorded in between, as the feed shows it, with its reason. */
    public record FundChangeEvent(
            long sequence,
            String type,
            @Schema(description = "who recorded it: user and role") JsonNode actor,
            @Schema(format = "date-time", example = "2024-05-01T10:00:00.000Z") String recordedAt,
            @Schema(format = "date-time", example = "2024-05-01T00:00:00.000Z") String effectiveAt,
            @Schema(nullable = true, description = "the payload's reason; null when it has none") String reason,
            String hash) {
    }
}
