package org.commitmentledger.member.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** {@code PUT /api/members/{code}}: the registration's or revision's event and what it recorded. */
record MemberRecordedAnswer(
        String code,
        long sequence,
        String name,
        @Schema(pattern = AnswerFormats.DECIMAL, example = "16.1") String costShare,
        @Schema(format = "date-time") String effectiveAt) {
}
