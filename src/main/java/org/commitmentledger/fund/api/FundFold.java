package org.commitmentledger.fund.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;


/**
 * What each fund event does to {@code fund_version}: one row per event holding the whole fund state after it. A
 * fund's timeline never goes backwards in valid time, so the state at (asOf, effectiveAt) is the newest row recorded
 * by asOf and effective by effectiveAt (ADR 0005). Pure: the driver supplies the latest state and takes the rows
 * (ADR 0020).
 */
public final class FundFold {

    private FundFold() {
    }

    /** What a driver gives the fold and takes from it. */
    public interface Rows {

        /** The fund's state after its newest event so far; the fold changes it in place. */
        FundState latest(String fundId);

        /** A row of {@code fund_version}: {@code state} after event {@code aggregateSequence}. */
        void insert(FundState state, String stateJson, long aggregateSequence, long recordedAt, long effectiveAt);
    }

    /** The columns of {@code fund_version}, in table order. */
    public static final String COLUMNS = "fund_id, agg_seq, recorded_at, effective_at, state";

    /** Applies a fund event; false if {@code event} is no fund event. */
    public static boolean apply(Object event, long aggregateSequence, long recordedAt, Rows rows) {
        if (event instanceof FundProposedEvent proposed) {
            FundState state = new FundState();
            state.fundId = proposed.fundId();
            state.name = proposed.name();
            state.rounds.add(round(proposed.round(), proposed.targetEur(), proposed.periodStart(),
                    proposed.periodEnd(), proposed.decisionDeadline()));
            state.openRound = proposed.round();
            insert(rows, state, aggregateSequence, recordedAt, proposed.effectiveAt());
        } else if (event instanceof FundAmendedEvent amended) {
            change(rows, amended.fundId(), aggregateSequence, recordedAt, amended.effectiveAt(), state -> {
                if (amended.supersededRound() != null) {
                    state.round(amended.supersededRound()).outcome = RoundOutcome.SUPERSEDED;
                }
                state.rounds.add(round(amended.round(), amended.targetEur(), amended.periodStart(),
                        amended.periodEnd(), amended.decisionDeadline()));
                state.openRound = amended.round();
            });
        } else if (event instanceof ObjectionRaisedEvent raised) {
            change(rows, raised.fundId(), aggregateSequence, recordedAt, raised.effectiveAt(), state -> {
                FundState.Objection objection = new FundState.Objection();
                objection.member = raised.member();
                objection.reason = raised.reason();
                objection.effectiveAt = raised.effectiveAt();
                state.round(raised.round()).objections.add(objection);
            });
        } else if (event instanceof ObjectionWithdrawnEvent withdrawn) {
            change(rows, withdrawn.fundId(), aggregateSequence, recordedAt, withdrawn.effectiveAt(),
                    state -> state.round(withdrawn.round()).objections.stream()
                            .filter(o -> o.member.equals(withdrawn.member()) && o.withdrawnAt == null)
                            .forEach(o -> o.withdrawnAt = withdrawn.effectiveAt()));
        } else if (event instanceof MemberOptedOutEvent optedOut) {
            change(rows, optedOut.fundId(), aggregateSequence, recordedAt, optedOut.effectiveAt(),
                    state -> state.optOuts.add(optedOut.member()));
        } else if (event instanceof DecisionRoundConcludedEvent concluded) {
            change(rows, concluded.fundId(), aggregateSequence, recordedAt, concluded.effectiveAt(), state -> {
                state.round(concluded.round()).outcome = concluded.outcome();
                state.openRound = null;
                if (concluded.outcome() == RoundOutcome.ADOPTED) {
                    state.adoptedRound = concluded.round();
                }
            });
        } else {
            return false;
        }
        return true;
    }

    /** The stored form of a state, for drivers that read {@code fund_version.state} back. */
    public static FundState parse(String stateJson) {
        return FundState.fromJson(stateJson);
    }

    private static void change(Rows rows, String fundId, long sequence, long recordedAt, Instant effectiveAt,
                               Consumer<FundState> change) {
        FundState state = rows.latest(fundId);
        if (state == null) {
            throw new IllegalStateException("fund " + fundId + " has no projected state before its event #"
                    + sequence);
        }
        change.accept(state);
        insert(rows, state, sequence, recordedAt, effectiveAt);
    }

    private static void insert(Rows rows, FundState state, long sequence, long recordedAt, Instant effectiveAt) {
        rows.insert(state, state.toJson(), sequence, recordedAt, effectiveAt.toEpochMilli());
    }

    private static FundState.Round round(int number, BigDecimal target, LocalDate start, LocalDate end,
                                         Instant deadline) {
        FundState.Round round = new FundState.Round();
        round.round = number;
        round.targetEur = target;
        round.periodStart = start;
        round.periodEnd = end;
        round.decisionDeadline = deadline;
        return round;
    }
}
