package org.commitmentledger.fund.api;

import java.util.List;

/** What a fund command answers: the aggregate sequence of its event, and for decisions the outcome. */
public record FundRecorded(String fundId, long aggregateSequence, Integer round, RoundOutcome outcome,
                           List<String> standingObjections) {

    public static FundRecorded of(String fundId, long aggregateSequence) {
        return new FundRecorded(fundId, aggregateSequence, null, null, null);
    }
}
