package org.commitmentledger.audit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store without its shared cache of recent events (ADR 0019): every stream reads the storage
 * engine itself ({@code optimizeEventConsumption(false)}), so memory does not grow with how far a processor falls
 * behind. Axon's private streams only look for new events when their wait times out; here a stream also wakes as
 * soon as this node commits events, and otherwise looks every fetch delay (events appended by other nodes).
 */
class NotifyingEventStore extends EmbeddedEventStore {

    private final Lock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** Commits of appended events on this node; a stream waits only while it has not changed. */
    private final AtomicLong commits = new AtomicLong();
    private final long pollNanos;

    NotifyingEventStore(EmbeddedEventStore.Builder builder, Duration fetchDelay) {
        super(builder.optimizeEventConsumption(false).fetchDelay(fetchDelay.toMillis()));
        this.pollNanos = fetchDelay.toNanos();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        commits.incrementAndGet();
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new WakingStream(super.openStream(trackingToken));
    }

    /**
     * One processor's stream: asks Axon's private stream without waiting (which reads the store), and between two
     * reads waits for a local commit or the fetch delay, whichever comes first.
     */
    private final class WakingStream implements TrackingEventStream {

        private final TrackingEventStream delegate;

        WakingStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long seen = commits.get();
                if (delegate.hasNextAvailable(0, TimeUnit.NANOSECONDS)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.lock();
                try {
                    if (commits.get() == seen) {
                        appended.awaitNanos(Math.min(left, pollNanos));
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            // Axon's private stream would wait for a signal only its shared cache gives
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                // keep waiting
            }
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
