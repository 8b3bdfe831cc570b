package org.commitmentledger.pledge.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** {@code POST /api/pledges/{pledgeId}/disbursements}: the disbursement's event and its EUR value. */
record PledgeDisbursedAnswer(
        String pledgeId,
        long sequence,
        @Schema(format = "date-time") String effectiveAt,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String eurAmount) {
}
