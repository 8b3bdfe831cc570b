package org.commitmentledger.fund.query;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.fund.api.RoundOutcome;

/** One decision round as the rounds list shows it: its terms as the open round shows them, outcome, objections. */
public record FundRound(
        int round,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
        @Schema(format = "date", example = "2025-01-01") String periodStart,
        @Schema(format = "date", example = "2025-12-31") String periodEnd,
        @Schema(format = "date-time", example = "2024-07-01T00:00:00.000Z") String decisionDeadline,
        List<String> standingObjections,
        RoundOutcome outcome,
        List<RoundObjection> objections) {

    /** One objection raised in the round; withdrawnAt is null while it stands. */
    public record RoundObjection(
            String member,
            String reason,
            @Schema(format = "date-time", example = "2024-04-10T00:00:00.000Z") String effectiveAt,
            @Schema(format = "date-time", nullable = true, example = "2024-04-11T00:00:00.000Z") String withdrawnAt) {
    }
}
