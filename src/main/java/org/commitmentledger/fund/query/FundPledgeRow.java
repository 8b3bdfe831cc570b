package org.commitmentledger.fund.query;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** A pledge in force as the fund's pledges list shows it, with the valid time its figure took effect and its note. */
public record FundPledgeRow(
        String pledgeId,
        String member,
        int year,
        @Schema(allowableValues = {"MONEY", "IN_KIND"}) String kind,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "1000000.00") String amount,
        @Schema(example = "EUR") String currency,
        @Schema(pattern = AnswerFormats.DECIMAL, example = "1") String eurRate,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "1000000.00") String eurAmount,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "0.00") String disbursedEur,
        @Schema(allowableValues = {"ACTIVE", "WITHDRAWN"}) String status,
        @Schema(format = "date-time", nullable = true, example = "2024-05-01T00:00:00.000Z") String figureFrom,
        @Schema(nullable = true) String note) {
}
