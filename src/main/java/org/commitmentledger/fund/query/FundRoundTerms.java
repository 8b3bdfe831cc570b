package org.commitmentledger.fund.query;

import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.fund.api.FundState;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;

/** A round's number, terms, deadline and standing objections: the fund read's open round. */
public record FundRoundTerms(
        int round,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
        @Schema(format = "date", example = "2025-01-01") String periodStart,
        @Schema(format = "date", example = "2025-12-31") String periodEnd,
        @Schema(format = "date-time", example = "2024-07-01T00:00:00.000Z") String decisionDeadline,
        List<String> standingObjections) {

    static FundRoundTerms of(FundState.Round r) {
        return new FundRoundTerms(r.round, Money.render(r.targetEur), r.periodStart.toString(),
                r.periodEnd.toString(), Instants.render(r.decisionDeadline), r.standingObjections());
    }
}
