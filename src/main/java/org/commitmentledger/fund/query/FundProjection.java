package org.commitmentledger.fund.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.support.BatchedWrites;
import org.commitmentledger.support.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One version row per fund event holding the whole fund state after it. A fund's timeline never goes backwards in
 * valid time, so the state at (asOf, effectiveAt) is the newest row recorded by asOf and effective by effectiveAt.
 * Rows are written at the processor batch's commit ({@link BatchedWrites}, ADR 0016).
 */
@Component
@ProcessingGroup(Projections.GROUP)
class FundProjection {

    private final JdbcTemplate jdbc;

    FundProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(FundProposedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        FundState state = new FundState();
        state.fundId = event.fundId();
        state.name = event.name();
        state.rounds.add(round(event.round(), event.targetEur(), event.periodStart(), event.periodEnd(),
                event.decisionDeadline()));
        state.openRound = event.round();
        write(batch -> batch.insert(state, sequence, recordedAt, event.effectiveAt()));
    }

    @EventHandler
    void on(FundAmendedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        change(event.fundId(), sequence, recordedAt, event.effectiveAt(), state -> {
            if (event.supersededRound() != null) {
                state.round(event.supersededRound()).outcome = RoundOutcome.SUPERSEDED;
            }
            state.rounds.add(round(event.round(), event.targetEur(), event.periodStart(), event.periodEnd(),
                    event.decisionDeadline()));
            state.openRound = event.round();
        });
    }

    @EventHandler
    void on(ObjectionRaisedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        change(event.fundId(), sequence, recordedAt, event.effectiveAt(), state -> {
            FundState.Objection objection = new FundState.Objection();
            objection.member = event.member();
            objection.reason = event.reason();
            objection.effectiveAt = event.effectiveAt();
            state.round(event.round()).objections.add(objection);
        });
    }

    @EventHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        change(event.fundId(), sequence, recordedAt, event.effectiveAt(), state -> state.round(event.round())
                .objections.stream().filter(o -> o.member.equals(event.member()) && o.withdrawnAt == null)
                .forEach(o -> o.withdrawnAt = event.effectiveAt()));
    }

    @EventHandler
    void on(MemberOptedOutEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        change(event.fundId(), sequence, recordedAt, event.effectiveAt(), state -> state.optOuts.add(event.member()));
    }

    @EventHandler
    void on(DecisionRoundConcludedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        change(event.fundId(), sequence, recordedAt, event.effectiveAt(), state -> {
            state.round(event.round()).outcome = event.outcome();
            state.openRound = null;
            if (event.outcome() == RoundOutcome.ADOPTED) {
                state.adoptedRound = event.round();
            }
        });
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from fund_version");
    }

    private static FundState.Round round(int number, java.math.BigDecimal target, java.time.LocalDate start,
                                         java.time.LocalDate end, Instant deadline) {
        FundState.Round round = new FundState.Round();
        round.round = number;
        round.targetEur = target;
        round.periodStart = start;
        round.periodEnd = end;
        round.decisionDeadline = deadline;
        return round;
    }

    private void change(String fundId, long sequence, Instant recordedAt, Instant effectiveAt,
                        Consumer<FundState> change) {
        write(batch -> {
            FundState state = batch.latest(fundId, sequence);
            change.accept(state);
            batch.insert(state, sequence, recordedAt, effectiveAt);
        });
    }

    private void write(Consumer<Batch> work) {
        BatchedWrites.write(Batch.class, () -> new Batch(jdbc), work);
    }

    /**
     * One batch's latest state of each fund it touches (read once, then changed in place: each version's JSON is
     * taken when it is inserted) and the version rows it will write.
     */
    private static final class Batch implements BatchedWrites.Buffer {

        private final JdbcTemplate jdbc;
        private final Map<String, FundState> latest = new HashMap<>();
        private final List<Object[]> inserts = new ArrayList<>();

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        FundState latest(String fundId, long sequence) {
            FundState state = latest.get(fundId);
            if (state != null) {
                return state;
            }
            List<String> stored = jdbc.queryForList("select state from fund_version where fund_id = ? and agg_seq = "
                    + "(select max(agg_seq) from fund_version where fund_id = ?)", String.class, fundId, fundId);
            if (stored.isEmpty()) {
                throw new IllegalStateException("fund " + fundId + " has no projected state before event " + sequence);
            }
            return FundState.fromJson(stored.get(0));
        }

        void insert(FundState state, long sequence, Instant recordedAt, Instant effectiveAt) {
            latest.put(state.fundId, state);
            inserts.add(new Object[] {state.fundId, sequence, recordedAt.toEpochMilli(), effectiveAt.toEpochMilli(),
                state.toJson()});
        }

        @Override
        public void flush() {
            jdbc.batchUpdate("insert into fund_version (fund_id, agg_seq, recorded_at, effective_at, state) "
                    + "values (?, ?, ?, ?, ?)", inserts);
            inserts.clear();
            latest.clear();
        }
    }
}
