package org.commitmentledger.fund.query;

import java.time.Instant;

import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the fund projection without a Spring context. */
public final class FundQueryFixtures {

    private FundQueryFixtures() {
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        FundProjection projection = new FundProjection(jdbc);
        if (event instanceof FundProposedEvent proposed) {
            projection.on(proposed, sequence, recordedAt);
        } else if (event instanceof FundAmendedEvent amended) {
            projection.on(amended, sequence, recordedAt);
        } else if (event instanceof ObjectionRaisedEvent raised) {
            projection.on(raised, sequence, recordedAt);
        } else if (event instanceof ObjectionWithdrawnEvent withdrawn) {
            projection.on(withdrawn, sequence, recordedAt);
        } else if (event instanceof MemberOptedOutEvent optedOut) {
            projection.on(optedOut, sequence, recordedAt);
        } else if (event instanceof DecisionRoundConcludedEvent concluded) {
            projection.on(concluded, sequence, recordedAt);
        } else {
            throw new IllegalArgumentException("not a fund event: " + event);
        }
    }
}
