package org.commitmentledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.commitmentledger.history.query.StoredEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read gate of a rebuild, against a stubbed processor: closed from the reset until the store's head is applied. */
class ReadGateUnitTests {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final StoredEvents events = mock(StoredEvents.class);
    private final ReadGate gate = new ReadGate(processing, events);

    @BeforeEach
    void processor() {
        when(processing.eventProcessor(Projections.GROUP, StreamingEventProcessor.class))
                .thenReturn(Optional.of(processor));
        when(processor.isRunning()).thenReturn(true);
        when(events.lastSequence(any())).thenReturn(10L);
    }

    @Test
    void readsPassWhileNoRebuildRuns() {
        assertThat(gate.isRebuilding()).isFalse();
        gate.requireReady();
    }

    @Test
    void readsAreUnavailableFromTheResetUntilTheReplayHasAppliedTheStoresHead() {
        assertThat(gate.rebuildStarted()).isTrue();
        assertThat(gate.rebuildStarted()).as("a second rebuild while one runs").isFalse();
        assertThatThrownBy(gate::requireReady).isInstanceOf(ServiceUnavailableException.class);

        gate.rebuildReplaying();
        when(processor.processingStatus()).thenReturn(Map.of());
        assertThat(gate.isRebuilding()).as("no segment claimed yet").isTrue();
        status(replayingAt(null));
        assertThat(gate.isRebuilding()).as("nothing replayed yet").isTrue();
        status(replayingAt(9L));
        assertThat(gate.isRebuilding()).as("one event short of the head").isTrue();

        // Axon still calls this "replaying": no event recorded after the reset has arrived
        status(replayingAt(10L));
        assertThat(gate.isRebuilding()).isFalse();
        gate.requireReady();
        assertThat(gate.rebuildStarted()).as("a new rebuild once the last one has caught up").isTrue();
    }

    @Test
    void stoppedProcessorKeepsTheGateClosed() {
        gate.rebuildStarted();
        gate.rebuildReplaying();
        status(replayingAt(10L));
        when(processor.isRunning()).thenReturn(false);

        assertThat(gate.isRebuilding()).isTrue();
    }

    @Test
    void emptyStoreIsRebuiltAtOnce() {
        when(events.lastSequence(any())).thenReturn(0L);
        gate.rebuildStarted();
        gate.rebuildReplaying();
        status(replayingAt(null));

        assertThat(gate.isRebuilding()).isFalse();
    }

    private void status(TrackingToken token) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(token);
        when(status.isReplaying()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, status));
    }

    /** A replay from the start of the store, reset at position 10, that has applied events up to {@code index}. */
    private static TrackingToken replayingAt(Long index) {
        TrackingToken replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(10, Set.of()));
        return index == null ? replay
                : ((ReplayToken) replay).advancedTo(GapAwareTrackingToken.newInstance(index, Set.of()));
    }
}
