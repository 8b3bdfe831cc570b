package org.commitmentledger.fund.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.fund.api.RoundOutcome;

/** The answers of the fund writes, components in the order the JSON shows them. */
final class FundWriteAnswers {

    private FundWriteAnswers() {
    }

    /** A fund write recorded: the fund, the global sequence of its event, the valid time it took effect. */
    record FundWritten(
            String fundId,
            long sequence,
            @Schema(format = "date-time", example = "2024-04-02T00:00:00.000Z") String effectiveAt) {
    }

    /** A member's action on the fund recorded (objection, its withdrawal, opt-out), naming the member. */
    record MemberActionWritten(
            String fundId,
            long sequence,
            @Schema(format = "date-time", example = "2024-04-10T00:00:00.000Z") String effectiveAt,
            String member) {
    }

    /** A round concluded: which round, its outcome, and the objections that stood at the decision. */
    record DecisionWritten(
            String fundId,
            long sequence,
            @Schema(format = "date-time", example = "2024-07-01T00:00:00.000Z") String effectiveAt,
            int round,
            RoundOutcome outcome,
            List<String> standingObjections) {
    }
}
