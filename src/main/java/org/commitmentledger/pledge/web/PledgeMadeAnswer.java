package org.commitmentledger.pledge.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.pledge.api.PledgeKind;

/** {@code POST /api/pledges}: the new pledge's id, its event's global sequence and what it commits in EUR. */
record PledgeMadeAnswer(
        String pledgeId,
        long sequence,
        @Schema(format = "date-time") String effectiveAt,
        String fundId,
        String member,
        PledgeKind kind,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String eurAmount) {
}
