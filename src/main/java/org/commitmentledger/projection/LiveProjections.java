package org.commitmentledger.projection;

import org.commitmentledger.projection.api.Projections;
import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.commitmentledger.read.ProjectionTables;
import org.commitmentledger.write.BatchScoped;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The write path's driver of the projection fold: a subscribing processor, so every event is applied to the live
 * generation in the transaction that appends it, after the append has taken the chain lock. A write's event, chain
 * link and projection rows commit together or not at all, and a failure here refuses the write (ADR 0020).
 */
@Component
@ProcessingGroup(Projections.GROUP)
class LiveProjections {

    private final JdbcTemplate jdbc;
    private final ProjectionTables tables;
    /** The live generation as the running writer batch first read it: the batch holds the lock a switch takes. */
    private final BatchScoped<Integer> batchGeneration = new BatchScoped<>(null);

    LiveProjections(JdbcTemplate jdbc, ProjectionTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    @EventHandler
    void on(Object event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        // read under the chain lock: a rebuild switches generations while holding it
        int generation = liveGeneration();
        if (generation == 0) {
            throw new IllegalStateException("no projection generation is live yet");
        }
        ProjectionFold.apply(event, sequence, recordedAt.toEpochMilli(), new SqlRows(jdbc, generation));
    }

    private int liveGeneration() {
        Integer batch = batchGeneration.get();
        if (batch != null) {
            return batch;
        }
        int generation = tables.liveGeneration();
        if (BatchScoped.inBatch()) {
            batchGeneration.set(generation);
        }
        return generation;
    }
}
