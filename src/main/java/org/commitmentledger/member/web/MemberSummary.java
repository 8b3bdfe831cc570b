package org.commitmentledger.member.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.member.api.MemberReads;
import org.commitmentledger.kernel.Money;

/** One member of {@code GET /api/members}: its name and cost-share key at the point in time read. */
record MemberSummary(
        String code,
        String name,
        @Schema(pattern = AnswerFormats.DECIMAL, example = "16.1") String costShare) {

    static MemberSummary of(MemberReads.MemberView member) {
        return new MemberSummary(member.code(), member.name(), Money.plain(member.costShare()));
    }
}
