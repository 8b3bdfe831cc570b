package org.commitmentledger.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.commitmentledger.audit.api.CheckpointLog;
import org.commitmentledger.projection.api.ProjectionStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's state as gauges, read when scraped: head sequence, live generation, rebuild progress, the last
 * checkpoint's age. The counters and timers live where things happen (the write path, verification, login throttle,
 * fold failures, refused requests).
 */
@Component
class LedgerGauges implements MeterBinder {

    private final JdbcTemplate jdbc;
    private final ProjectionStatus projections;
    private final CheckpointLog checkpoints;
    private final Clock clock;

    LedgerGauges(JdbcTemplate jdbc, ProjectionStatus projections, CheckpointLog checkpoints, Clock clock) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("ledger.events.head", jdbc, j -> number(j.queryForObject(
                        "select last_sequence from chain_head where id = 1", Long.class)))
                .description("Global sequence of the newest chained event").register(meters);
        Gauge.builder("ledger.projection.generation", projections,
                        p -> p.status().live().generation())
                .description("The live projection generation").register(meters);
        Gauge.builder("ledger.projection.rebuilding", projections, p -> p.isRebuilding() ? 1 : 0)
                .description("1 while a projection rebuild runs on some node").register(meters);
        Gauge.builder("ledger.projection.rebuild.progress", projections,
                        p -> p.status().processors().get(0).progressPercent())
                .description("Percent of the event store the projections have folded (100 unless rebuilding)")
                .baseUnit("percent").register(meters);
        Gauge.builder("ledger.checkpoint.age", checkpoints, c -> c.latest()
                        .map(latest -> (double) Duration.between(Instant.parse(latest.signedAt()), clock.instant())
                                .toSeconds()).orElse(Double.NaN))
                .description("Seconds since the newest signed checkpoint (NaN before the first)").baseUnit("seconds")
                .register(meters);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
