package org.commitmentledger.member.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** {@code GET /api/members/{code}}: the point in time read, then the member as it stood then. */
record MemberAnswer(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time") String effectiveAt,
        long lastSequence,
        String code,
        String name,
        @Schema(pattern = AnswerFormats.DECIMAL, example = "16.1") String costShare) {
}
