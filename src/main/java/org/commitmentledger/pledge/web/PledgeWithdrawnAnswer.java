package org.commitmentledger.pledge.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /api/pledges/{pledgeId}/withdrawal}: the withdrawal's event. */
record PledgeWithdrawnAnswer(
        String pledgeId,
        long sequence,
        @Schema(format = "date-time") String effectiveAt) {
}
