package org.commitmentledger.fund.query;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** A pledge in force as the fund's explanation shows it: its figures and the event that set the one in force. */
public record ExplainTerm(
        String pledgeId,
        String member,
        int year,
        @Schema(allowableValues = {"MONEY", "IN_KIND"}) String kind,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "1000000.00") String eurAmount,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "0.00") String disbursedEur,
        @Schema(allowableValues = {"ACTIVE", "WITHDRAWN"}) String status,
        @Schema(nullable = true) ExplainSetBy setBy) {

    /** The event whose figure is in force, as the feed shows it, and the path of its inclusion proof. */
    public record ExplainSetBy(
            long sequence,
            String type,
            @Schema(format = "date-time", example = "2024-05-01T10:00:00.000Z") String recordedAt,
            @Schema(format = "date-time", example = "2024-05-01T00:00:00.000Z") String effectiveAt,
            String hash,
            @Schema(example = "/api/audit/proof/inclusion?sequence=42") String proof) {
    }
}
