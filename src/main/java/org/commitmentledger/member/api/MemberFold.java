package org.commitmentledger.member.api;


/**
 * What each member event does to {@code member_version}: one row per event, since a member's timeline never goes
 * backwards in valid time (ADR 0005). Pure: the driver takes the rows (ADR 0020).
 */
public final class MemberFold {

    /** The columns of {@code member_version}, in table order. */
    public static final String COLUMNS = "code, agg_seq, recorded_at, effective_at, name, cost_share";

    private MemberFold() {
    }

    /** Where the rows go. */
    public interface Rows {
        void insert(Object[] row);
    }

    /** Applies a member event; false if {@code event} is no member event. */
    public static boolean apply(Object event, long aggregateSequence, long recordedAt, Rows rows) {
        if (event instanceof MemberRegisteredEvent registered) {
            rows.insert(new Object[] {registered.code(), aggregateSequence, recordedAt,
                registered.effectiveAt().toEpochMilli(), registered.name(), registered.costShare()});
        } else if (event instanceof MemberRevisedEvent revised) {
            rows.insert(new Object[] {revised.code(), aggregateSequence, recordedAt,
                revised.effectiveAt().toEpochMilli(), revised.name(), revised.costShare()});
        } else {
            return false;
        }
        return true;
    }
}
