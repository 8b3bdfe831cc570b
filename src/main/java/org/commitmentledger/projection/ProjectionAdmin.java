package org.commitmentledger.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.commitmentledger.support.Projections;
import org.commitmentledger.support.ReadGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every projection from the event store with Axon's own mechanism (shut down, reset tokens so the
 * {@code @ResetHandler}s clear the tables, start) and reports each streaming processor's progress (ADR 0005).
 */
@Component
public class ProjectionAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionAdmin.class);

    private final EventProcessingConfiguration processing;
    private final ReadGate gate;
    private final JdbcTemplate jdbc;

    ProjectionAdmin(EventProcessingConfiguration processing, ReadGate gate, JdbcTemplate jdbc) {
        this.processing = processing;
        this.gate = gate;
        this.jdbc = jdbc;
    }

    /** Starts a rebuild in the background; reads answer 503 until it has caught up. */
    public synchronized boolean rebuild() {
        StreamingEventProcessor processor = processing.eventProcessor(Projections.GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + Projections.GROUP));
        if (!gate.rebuildStarted()) {
            return false;
        }
        Thread rebuild = new Thread(() -> {
            try {
                processor.shutDown();
                processor.resetTokens();
                processor.start();
                LOG.info("projections reset; replaying the event store");
            } catch (RuntimeException e) {
                LOG.error("projection rebuild failed to start", e);
                if (!processor.isRunning()) {
                    processor.start();
                }
            } finally {
                gate.rebuildReplaying();
            }
        }, "projection-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
        return true;
    }

    public List<Map<String, Object>> status() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        long storeHead = head == null ? 0 : head;
        List<Map<String, Object>> result = new ArrayList<>();
        processing.eventProcessors().forEach((name, p) -> {
            if (!(p instanceof StreamingEventProcessor processor)) {
                return;
            }
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            long position = segments.values().stream().map(EventTrackerStatus::getCurrentPosition)
                    .mapToLong(o -> o.orElse(0)).min().orElse(0);
            // the gate knows when the rebuild has caught up; Axon's replay flag only clears with the next new event
            boolean replaying = Projections.GROUP.equals(name) ? gate.isRebuilding()
                    : segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("state", replaying ? "REBUILDING" : "LIVE");
            row.put("running", processor.isRunning());
            row.put("segments", segments.size());
            row.put("position", position);
            row.put("head", storeHead);
            row.put("progressPercent", storeHead == 0 ? 100
                    : Math.min(100, Math.max(0, (int) (position * 100 / storeHead))));
            result.add(row);
        });
        return result;
    }
}
