package org.commitmentledger.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.commitmentledger.history.query.StoredEvents;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Guards every projection read: while the projections are rebuilt, reads answer 503 with Retry-After rather than a
 * partial answer (ADR 0005); otherwise it gives the answer's header with lastSequence.
 */
@Component
public class ReadGate {

    private final EventProcessingConfiguration processing;
    private final StoredEvents events;
    private final AtomicInteger phase = new AtomicInteger(LIVE);

    private static final int LIVE = 0;
    private static final int RESETTING = 1;
    private static final int REPLAYING = 2;

    ReadGate(@Lazy EventProcessingConfiguration processing, StoredEvents events) {
        this.processing = processing;
        this.events = events;
    }

    public void requireReady() {
        if (isRebuilding()) {
            throw new ServiceUnavailableException("the projections are being rebuilt from the event store; "
                    + "answers would be partial until the rebuild has caught up", 2);
        }
    }

    public Map<String, Object> header(PointInTime at) {
        return at.header(events.lastSequence(at.asOf()));
    }

    /** Marks the start of a rebuild: the processor is about to be stopped and reset. */
    public boolean rebuildStarted() {
        return !isRebuilding() && phase.compareAndSet(LIVE, RESETTING);
    }

    /** The processor was reset and started again: the rebuild ends when it has replayed past the reset point. */
    public void rebuildReplaying() {
        phase.set(REPLAYING);
    }

    /**
     * True from the start of a rebuild until the processor has applied every event in the store. Axon's own replay
     * flag is no use here: a ReplayToken stays "replaying" until an event recorded after the reset arrives, which on
     * a quiet ledger may be never.
     */
    public boolean isRebuilding() {
        int now = phase.get();
        if (now == LIVE) {
            return false;
        }
        if (now == RESETTING) {
            return true;
        }
        long head = events.lastSequence(Instants.MAX);
        processing.eventProcessor(Projections.GROUP, StreamingEventProcessor.class).ifPresent(processor -> {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (processor.isRunning() && !status.isEmpty() && (head == 0 || status.values().stream()
                    .allMatch(segment -> ProjectionBarrier.covers(segment.getTrackingToken(), head)))) {
                phase.compareAndSet(REPLAYING, LIVE);
            }
        });
        return phase.get() != LIVE;
    }
}
