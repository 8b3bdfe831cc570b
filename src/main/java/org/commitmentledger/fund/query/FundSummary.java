package org.commitmentledger.fund.query;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.fund.api.FundStatus;

/** One fund as the fund list shows it: its status and totals at the point in time read. */
public record FundSummary(
        String fundId,
        String name,
        FundStatus status,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String pledgedEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String disbursedEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String gapEur) {
}
