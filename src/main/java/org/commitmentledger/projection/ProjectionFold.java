package org.commitmentledger.projection;

import org.commitmentledger.fund.api.FundFold;
import org.commitmentledger.member.api.MemberFold;
import org.commitmentledger.pledge.api.PledgeFold;

/**
 * The one definition of what every event does to the projection rows, shared by the two drivers (ADR 0020): the write
 * path applies each new event to the live generation in the event's own transaction, a rebuild folds the whole store
 * in memory into a new generation. Both give identical tables.
 */
final class ProjectionFold {

    private ProjectionFold() {
    }

    /** Where a driver keeps each feature's rows. */
    interface Rows {
        MemberFold.Rows members();

        FundFold.Rows funds();

        PledgeFold.Rows pledges();
    }

    /** Applies {@code event}; events that change no projection (none today) are ignored. */
    static void apply(Object event, long aggregateSequence, long recordedAt, Rows rows) {
        if (!MemberFold.apply(event, aggregateSequence, recordedAt, rows.members())
                && !FundFold.apply(event, aggregateSequence, recordedAt, rows.funds())) {
            PledgeFold.apply(event, aggregateSequence, recordedAt, rows.pledges());
        }
    }
}
