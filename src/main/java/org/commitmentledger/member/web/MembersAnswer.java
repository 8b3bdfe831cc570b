package org.commitmentledger.member.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/members}: the point in time read, then the members registered by then, by code. */
record MembersAnswer(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time") String effectiveAt,
        long lastSequence,
        List<MemberSummary> members) {
}
