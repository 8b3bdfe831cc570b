package org.commitmentledger.pledge.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.pledge.api.PledgeFields;
import org.commitmentledger.read.PointInTime;

/** {@code GET /api/pledges/{pledgeId}}: the point in time read, then the pledge's fields as it stood then. */
record PledgeAnswer(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time") String effectiveAt,
        long lastSequence,
        @JsonUnwrapped PledgeFields pledge) {

    static PledgeAnswer of(PointInTime at, long lastSequence, PledgeFields pledge) {
        return new PledgeAnswer(Instants.render(at.asOf()), Instants.render(at.effectiveAt()), lastSequence, pledge);
    }
}
