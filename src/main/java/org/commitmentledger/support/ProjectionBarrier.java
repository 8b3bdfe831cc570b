package org.commitmentledger.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Lets a write answer only once every streaming processor has applied its event, so that any read sent after the
 * answer sees it (ADR 0005). A write during a rebuild waits until the replay has passed its event (at most the
 * timeout): the read gate reopens once the store's head is applied, and an acknowledged write must be in it.
 */
@Component
public class ProjectionBarrier {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionBarrier.class);

    private final EventProcessingConfiguration processing;
    private final StoredTokens stored;
    private final Duration timeout;

    ProjectionBarrier(@Lazy EventProcessingConfiguration processing, StoredTokens stored,
                      @Value("${ledger.projections.read-your-writes-timeout:PT10S}") Duration timeout) {
        this.processing = processing;
        this.stored = stored;
        this.timeout = timeout;
    }

    public void awaitApplied(long sequence) {
        List<StreamingEventProcessor> processors = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (StreamingEventProcessor processor : processors) {
            int segments = stored.segments(processor.getName());
            while (!hasApplied(processor, sequence, segments)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("processor {} has not applied event {} within {}; answering anyway, the event is stored",
                            processor.getName(), sequence, timeout);
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300));
            }
        }
    }

    /**
     * True when the processor has passed the event, or is not in a state in which waiting makes sense. Segments
     * claimed by this node are judged from memory; when other nodes hold some, from the shared token store.
     */
    boolean hasApplied(StreamingEventProcessor processor, long sequence, int segments) {
        if (!processor.isRunning() || processor.isError()) {
            return true;
        }
        var statuses = processor.processingStatus().values();
        if (statuses.size() < segments || statuses.isEmpty()) {
            return stored.allCover(processor.getName(), sequence);
        }
        for (EventTrackerStatus status : statuses) {
            // not isReplaying(): after a rebuild Axon reports "replaying" until the first new event is applied, and
            // that event's write must wait for it like any other
            if (status.isErrorState()) {
                return true;
            }
            if (!covers(status.getTrackingToken(), sequence)) {
                return false;
            }
        }
        return true;
    }

    static boolean covers(TrackingToken token, long sequence) {
        if (token == null) {
            return false;
        }
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        if (lower == null) {
            return false; // a replay that has not applied any event yet
        }
        if (lower instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= sequence && !gapAware.getGaps().contains(sequence);
        }
        return lower.position().orElse(-1) >= sequence;
    }
}
