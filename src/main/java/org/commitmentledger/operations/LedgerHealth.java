package org.commitmentledger.operations;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.commitmentledger.audit.api.CheckpointLog;
import org.commitmentledger.projection.api.GenerationStatus;
import org.commitmentledger.projection.api.ProjectionStatus;
import org.commitmentledger.write.LedgerWrites;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code ledger} health component (ADR 0047): DOWN when the event store cannot be read or the live projection fold
 * is failing (writes are refused); OUT_OF_SERVICE while this node cannot serve consistent reads or take writes — no
 * live projection generation, events in the store that the hash chain does not cover, or its writer stopped. Its
 * details say how far everything is: head sequence, live generation and its position, a rebuild and its progress,
 * the last checkpoint's age, the disk space left under the H2 database.
 */
@Component("ledgerHealthIndicator")
class LedgerHealth extends AbstractHealthIndicator {

    private final JdbcTemplate jdbc;
    private final ProjectionStatus projections;
    private final CheckpointLog checkpoints;
    private final FoldFailures folds;
    private final LedgerWrites writes;
    private final Clock clock;

    LedgerHealth(JdbcTemplate jdbc, ProjectionStatus projections, CheckpointLog checkpoints, FoldFailures folds,
                 LedgerWrites writes, Clock clock) {
        super("the ledger's health check failed");
        this.jdbc = jdbc;
        this.projections = projections;
        this.checkpoints = checkpoints;
        this.folds = folds;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        Map<String, Object> heads;
        try {
            heads = jdbc.queryForMap("select (select last_sequence from chain_head where id = 1) as chained, "
                    + "(select coalesce(max(global_index), 0) from domain_event_entry) as stored");
        } catch (RuntimeException unreachable) {
            health.down().withDetail("eventStore", "unreachable: " + unreachable.getMessage());
            return;
        }
        long chained = ((Number) heads.get("CHAINED")).longValue();
        long stored = ((Number) heads.get("STORED")).longValue();
        health.withDetail("eventStore", "reachable").withDetail("headSequence", chained);

        GenerationStatus status = projections.status();
        GenerationStatus.BuildProgress building = status.building();
        int generation = status.live().generation();
        Map<String, Object> projection = new LinkedHashMap<>();
        projection.put("liveGeneration", generation);
        projection.put("position", status.processors().get(0).position());
        projection.put("rebuilding", projections.isRebuilding());
        projection.put("rebuild", building == null ? null : Map.of("generation", building.generation(),
                "phase", building.phase(), "progressPercent", building.progressPercent()));
        FoldFailures.Failure failure = folds.last();
        projection.put("liveFold", failure == null ? Map.of("failing", false) : Map.of("failing", folds.failing(),
                "lastFailureAt", failure.at().toString(), "lastFailureEvent", failure.eventType(),
                "lastFailure", failure.message()));
        health.withDetail("projections", projection);
        health.withDetail("lastCheckpoint", checkpoints.latest().map(c -> (Object) Map.of("treeSize", c.treeSize(),
                "signedAt", c.signedAt(), "ageSeconds",
                Duration.between(Instant.parse(c.signedAt()), clock.instant()).toSeconds())).orElse("none yet"));
        h2Directory().ifPresent(dir -> health.withDetail("disk", Map.of("directory", dir.getPath(),
                "freeBytes", dir.getUsableSpace())));

        if (folds.failing()) {
            health.down().withDetail("reason", "the live projection fold is failing: writes are refused until it "
                    + "applies an event again");
        } else if (generation == 0) {
            health.status(Status.OUT_OF_SERVICE).withDetail("reason", "no projection generation is live");
        } else if (stored > chained) {
            health.status(Status.OUT_OF_SERVICE).withDetail("reason", "the event store holds events after the "
                    + "chain head (" + stored + " > " + chained + "): they were not appended through the ledger");
        } else if (!writes.isRunning()) {
            health.status(Status.OUT_OF_SERVICE).withDetail("reason", "this node's writer is stopped");
        } else {
            health.up();
        }
    }

    /** The directory of the embedded H2 file database, if that is what this ledger runs on. */
    private Optional<File> h2Directory() {
        String url = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getURL());
        if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "").split(";")[0];
        File parent = new File(path).getAbsoluteFile().getParentFile();
        return Optional.ofNullable(parent);
    }
}
