package org.commitmentledger.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.commitmentledger.kernel.Databases;
import org.commitmentledger.problem.ServiceUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Keeps what the ledger hands out to what its file holds (ADR 0067). H2 makes a committed transaction visible to
 * every other connection a moment before it writes it to its file ({@code TransactionStore.endTransaction} ends the
 * transaction, then {@code MVStore.commit} stores it). A read in that moment could answer with an event, a digest, a
 * proof or a replayed write answer that a {@code kill -9} then erases, and whose global sequence the next event takes:
 * to an auditor who kept it, a rewritten ledger. So the writer counts its commits in and out, and whatever answers
 * with the ledger's contents first waits until every commit begun by then is stored. PostgreSQL makes a commit
 * visible only once it is durable, so there nothing is counted and nothing waits.
 */
@Component
public class StoredCommits {

    private final boolean counted;
    private final long patienceNanos;
    private final AtomicLong begun = new AtomicLong();
    private final Object monitor = new Object();
    private volatile long stored;

    StoredCommits(DataSource dataSource, WriteProperties properties) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            this.counted = !Databases.postgres(connection);
        }
        this.patienceNanos = properties.answerTimeout().toNanos();
    }

    /** The writer is about to commit: answers the ticket it hands to {@link #stored} once the commit returned. */
    long committing() {
        return counted ? begun.incrementAndGet() : 0;
    }

    /** The commit of {@code ticket} returned or failed: either way, nothing of it can become visible any more. */
    void stored(long ticket) {
        if (ticket == 0) {
            return;
        }
        synchronized (monitor) {
            if (ticket > stored) {
                stored = ticket;
            }
            monitor.notifyAll();
        }
    }

    /**
     * Returns once every commit begun before this call is in the file: call it after reading and before answering.
     * A store takes milliseconds; one that takes longer than a write may wait for its commit ends in 503.
     */
    public void awaitStored() {
        long target = begun.get();
        if (stored >= target) {
            return;
        }
        long deadline = System.nanoTime() + patienceNanos;
        synchronized (monitor) {
            while (stored < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ServiceUnavailableException("the database did not finish storing a commit within "
                            + TimeUnit.NANOSECONDS.toSeconds(patienceNanos) + " s; nothing is answered that it might "
                            + "not keep", 1);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServiceUnavailableException("interrupted while waiting for a commit to be stored", 1);
                }
            }
        }
    }

    /** Whether commits are counted here: on H2, not on PostgreSQL. */
    boolean counted() {
        return counted;
    }
}
