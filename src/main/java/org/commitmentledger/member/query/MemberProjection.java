package org.commitmentledger.member.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.support.BatchedWrites;
import org.commitmentledger.support.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** One version row per member event: a member's timeline never goes backwards in valid time (ADR 0005). */
@Component
@ProcessingGroup(Projections.GROUP)
class MemberProjection {

    private final JdbcTemplate jdbc;

    MemberProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MemberRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        insert(event.code(), sequence, recordedAt, event.effectiveAt(), event.name(), event.costShare());
    }

    @EventHandler
    void on(MemberRevisedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        insert(event.code(), sequence, recordedAt, event.effectiveAt(), event.name(), event.costShare());
    }

    private void insert(String code, long sequence, Instant recordedAt, Instant effectiveAt, String name,
                        java.math.BigDecimal costShare) {
        BatchedWrites.write(Batch.class, () -> new Batch(jdbc), batch -> batch.rows.add(new Object[] {code, sequence,
            recordedAt.toEpochMilli(), effectiveAt.toEpochMilli(), name, costShare}));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from member_version");
    }

    /** The member version rows of one processor batch, written at its commit (ADR 0016). */
    private static final class Batch implements BatchedWrites.Buffer {

        private final JdbcTemplate jdbc;
        private final List<Object[]> rows = new ArrayList<>();

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void flush() {
            jdbc.batchUpdate("insert into member_version (code, agg_seq, recorded_at, effective_at, name, cost_share) "
                    + "values (?, ?, ?, ?, ?, ?)", rows);
            rows.clear();
        }
    }
}
