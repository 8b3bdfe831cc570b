package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyingEventStoreTests {

    private final ReQueryingEngine engine = new ReQueryingEngine();
    private NotifyingEventStore store;

    @AfterEach
    void shutDown() {
        if (store != null) {
            store.shutDown();
        }
    }

    @Test
    void aWaitingStreamWakesAsSoonAsThisNodeCommitsEvents() throws Exception {
        // a fetch delay of an hour: only the wake-up on commit can deliver the event within the wait below
        store = store(Duration.ofHours(1));
        TrackingEventStream stream = store.openStream(null);
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> await(stream, 60));
        Thread.sleep(200); // let the stream find nothing and start waiting

        store.publish(GenericEventMessage.asEventMessage("pledged"));

        assertThat(waited.get(30, TimeUnit.SECONDS)).as("woken before the stream's own 60 s wait ends").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("pledged");
    }

    @Test
    void eventsAppendedByAnotherNodeAreFoundByPollingEveryFetchDelay() throws Exception {
        store = store(Duration.ofMillis(50));
        TrackingEventStream stream = store.openStream(null);
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> await(stream, 60));
        Thread.sleep(200);

        engine.appendEvents(GenericEventMessage.asEventMessage("from another node")); // no commit on this node

        assertThat(waited.get(30, TimeUnit.SECONDS)).as("found by polling before the stream's own 60 s wait ends").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("from another node");
    }

    @Test
    void aStreamWithNothingNewAnswersNoWhenItsTimeoutEnds() throws Exception {
        store = store(Duration.ofMillis(20));
        store.publish(GenericEventMessage.asEventMessage("first"));
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");

        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(stream.peek()).isEmpty();
    }

    @Test
    void nextAvailableWaitsForTheNextEventAndStreamsResumeFromTheirToken() throws Exception {
        store = store(Duration.ofHours(1));
        store.publish(GenericEventMessage.asEventMessage("one"));
        TrackingEventStream first = store.openStream(null);
        TrackedEventMessage<?> one = first.nextAvailable();
        CompletableFuture<Object> next = CompletableFuture.supplyAsync(() -> {
            try {
                return first.nextAvailable().getPayload();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        store.publish(GenericEventMessage.asEventMessage("two"), GenericEventMessage.asEventMessage("three"));

        assertThat(next.get(60, TimeUnit.SECONDS)).isEqualTo("two");
        TrackingEventStream resumed = store.openStream(one.trackingToken());
        assertThat(resumed.nextAvailable().getPayload()).isEqualTo("two");
        assertThat(resumed.nextAvailable().getPayload()).isEqualTo("three");
        first.close();
        resumed.close();
    }

    private NotifyingEventStore store(Duration fetchDelay) {
        return new NotifyingEventStore(EmbeddedEventStore.builder().storageEngine(engine), fetchDelay);
    }

    private static boolean await(TrackingEventStream stream, int seconds) {
        try {
            return stream.hasNextAvailable(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads like Axon's JPA engine: a stream that found nothing looks again when asked again (the in-memory engine's
     * streams are a snapshot taken when they were opened).
     */
    private static final class ReQueryingEngine extends InMemoryEventStorageEngine {

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return StreamSupport.stream(new Spliterators.AbstractSpliterator<TrackedEventMessage<?>>(Long.MAX_VALUE, 0) {
                private TrackingToken last = trackingToken;

                @Override
                public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
                    return ReQueryingEngine.super.readEvents(last, false).findFirst().map(event -> {
                        last = event.trackingToken();
                        action.accept(event);
                        return true;
                    }).orElse(false);
                }
            }, false);
        }
    }
}
