package org.commitmentledger.pledge.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.pledge.api.PledgeFields;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.read.PointInTime;

/** {@code GET /api/pledges/{pledgeId}}: the point in time read, then the pledge as it stood then. */
record PledgeAnswer(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time") String effectiveAt,
        long lastSequence,
        String pledgeId,
        String fundId,
        String member,
        int year,
        @Schema(type = "string", pattern = "^-?\\d+\\.\\d{2}$", example = "40000000000.00") String amount,
        String currency,
        @Schema(pattern = "^-?\\d+(\\.\\d+)?$", example = "0.92") String eurRate,
        @Schema(type = "string", pattern = "^-?\\d+\\.\\d{2}$", example = "40000000000.00") String eurAmount,
        @Schema(type = "string", pattern = "^-?\\d+\\.\\d{2}$", example = "40000000000.00") String disbursedEur,
        @Schema(allowableValues = {"ACTIVE", "WITHDRAWN"}) String status,
        @Schema(allowableValues = {"MONEY", "IN_KIND"}) String kind,
        @Schema(description = "what an IN_KIND pledge delivers; absent for money",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @JsonInclude(JsonInclude.Include.NON_NULL) String description) {

    static PledgeAnswer of(PointInTime at, long lastSequence, PledgeFields pledge) {
        return new PledgeAnswer(Instants.render(at.asOf()), Instants.render(at.effectiveAt()), lastSequence,
                pledge.pledgeId(), pledge.fundId(), pledge.member(), pledge.year(), pledge.amount(),
                pledge.currency(), pledge.eurRate(), pledge.eurAmount(), pledge.disbursedEur(), pledge.status(),
                pledge.kind(), pledge.description());
    }
}
