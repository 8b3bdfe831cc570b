package org.commitmentledger.pledge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/**
 * A pledge as every read shows it: {@code GET /api/pledges/{pledgeId}} after its point in time, and each pledge a
 * fund's reads list. Money and rates are strings so that no client reads them through a double (ADR 0004).
 */
public record PledgeFields(
        String pledgeId,
        String fundId,
        String member,
        int year,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String amount,
        String currency,
        @Schema(pattern = AnswerFormats.DECIMAL, example = "0.92") String eurRate,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String eurAmount,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String disbursedEur,
        @Schema(allowableValues = {"ACTIVE", "WITHDRAWN"}) String status,
        @Schema(allowableValues = {"MONEY", "IN_KIND"}) String kind,
        @Schema(description = "what an IN_KIND pledge delivers; absent for money",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @JsonInclude(JsonInclude.Include.NON_NULL) String description) {
}
