package org.commitmentledger.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.commitmentledger.eventlog.FeedEntry;

/**
 * Checks the Merkle leaves of a verification on a thread of its own, in the walk's order, while the walk goes on
 * with the chain: the chain is one sequential hash, the leaves are another, and on two cores they need not wait for
 * each other. It remembers the first leaf that fails, with the walk's state right before that event, so the
 * verification reports the same first problem as a walk that checked both in turn.
 */
final class LeafChecks implements AutoCloseable {

    private static final int BATCH = 500;
    private static final int BATCHES_AHEAD = 8;

    /** The first failing leaf and the walk's state before its event: events checked, last sequence, chain hash. */
    record Problem(long sequence, String reason, long count, long headSequence, String previous) {
    }

    private record Item(FeedEntry entry, byte[] leafHash, long count, long headSequence, String previous) {
    }

    private final TreeCheck tree;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "verify-leaves");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore ahead = new Semaphore(BATCHES_AHEAD);
    private List<Item> batch = new ArrayList<>(BATCH);
    private volatile Problem problem;
    private volatile RuntimeException crash;

    LeafChecks(TreeCheck tree) {
        this.tree = tree;
    }

    /**
     * Hands over the next event of the walk with its leaf hash (null when its leaf's form cannot be written), and the
     * walk's state before it.
     */
    void add(FeedEntry entry, byte[] leafHash, long count, long headSequence, String previous) {
        batch.add(new Item(entry, leafHash, count, headSequence, previous));
        if (batch.size() == BATCH) {
            flush();
        }
    }

    /** Whether a leaf already failed: the walk may stop early, its first problem is known. */
    boolean failed() {
        return problem != null || crash != null;
    }

    /** Waits until every leaf handed over is checked; the first problem, or null when all agree. */
    Problem drain() {
        flush();
        try {
            worker.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Merkle leaves", e);
        }
        if (crash != null) {
            throw crash;
        }
        return problem;
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Item> items = batch;
        batch = new ArrayList<>(BATCH);
        try {
            ahead.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Merkle leaves", e);
        }
        worker.execute(() -> {
            try {
                for (Item item : items) {
                    if (problem != null || crash != null) {
                        return;
                    }
                    String reason = tree.accept(item.entry(), item.leafHash());
                    if (reason != null) {
                        problem = new Problem(item.entry().sequence(), reason, item.count(), item.headSequence(),
                                item.previous());
                    }
                }
            } catch (RuntimeException e) {
                crash = e;
            } finally {
                ahead.release();
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
