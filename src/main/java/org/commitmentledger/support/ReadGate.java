package org.commitmentledger.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final AtomicBoolean rebuilding = new AtomicBoolean();

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

    /** Marks the start of a rebuild (the processor is about to be stopped and reset). */
    public void rebuildStarted() {
        rebuilding.set(true);
    }

    /** True from the start of a rebuild until the processor has replayed past the point of the reset. */
    public boolean isRebuilding() {
        if (!rebuilding.get()) {
            return false;
        }
        processing.eventProcessor(Projections.GROUP, StreamingEventProcessor.class).ifPresent(processor -> {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (processor.isRunning() && !status.isEmpty()
                    && status.values().stream().noneMatch(EventTrackerStatus::isReplaying)) {
                rebuilding.set(false);
            }
        });
        return rebuilding.get();
    }
}
