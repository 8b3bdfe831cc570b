package org.commitmentledger.pledge.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.pledge.api.RevisionKind;

/** {@code POST /api/pledges/{pledgeId}/revisions}: the revision's or correction's event. */
record PledgeRevisedAnswer(
        String pledgeId,
        long sequence,
        @Schema(format = "date-time") String effectiveAt,
        RevisionKind kind) {
}
