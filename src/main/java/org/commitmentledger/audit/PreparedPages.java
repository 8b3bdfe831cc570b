package org.commitmentledger.audit;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Reads one table ordered by a key, a page at a time, on a reader thread of its own, and prepares each page (parsing,
 * canonical forms, digests) on a pool of workers while the reader fetches the next. The caller gets the prepared rows
 * in key order. A verification spends most of its time preparing events, which are independent of each other; only
 * the fetch and the chain are sequential, so this spreads the bulk of the work over every core.
 *
 * <p>At most {@code depth} pages wait ahead of the caller, so memory stays bounded whatever the table's size.
 */
final class PreparedPages<R, T> implements AutoCloseable {

    private final int pageSize;
    private final BlockingQueue<Future<List<T>>> ready;
    private final Future<?> reader;
    private List<T> page = List.of();
    private int position;
    private boolean exhausted;

    /**
     * Starts reading after {@code after}: {@code pages} answers the raw page after a key (run on {@code readerThread}),
     * {@code prepare} turns a raw page into the caller's rows (run on {@code workers}).
     */
    PreparedPages(long after, int pageSize, int depth, LongFunction<List<R>> pages, ToLongFunction<R> keyOf,
                  Function<List<R>, List<T>> prepare, ExecutorService readerThread, ExecutorService workers) {
        this.pageSize = pageSize;
        this.ready = new ArrayBlockingQueue<>(depth);
        this.reader = readerThread.submit(() -> read(after, pages, keyOf, prepare, workers));
    }

    private void read(long after, LongFunction<List<R>> pages, ToLongFunction<R> keyOf,
                      Function<List<R>, List<T>> prepare, ExecutorService workers) {
        long from = after;
        try {
            while (true) {
                List<R> raw = pages.apply(from);
                if (!raw.isEmpty()) {
                    from = keyOf.applyAsLong(raw.get(raw.size() - 1));
                }
                ready.put(workers.submit(() -> prepare.apply(raw)));
                if (raw.size() < pageSize) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                ready.put(CompletableFuture.failedFuture(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    T peek() {
        if (position == page.size() && !exhausted) {
            page = take();
            position = 0;
            exhausted = page.size() < pageSize;
        }
        return position < page.size() ? page.get(position) : null;
    }

    T next() {
        T current = peek();
        if (current != null) {
            position++;
        }
        return current;
    }

    private List<T> take() {
        try {
            return ready.take().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the next page", e);
        }
    }

    /** Stops the reader if the caller leaves early; pages already handed to the workers are dropped. */
    @Override
    public void close() {
        reader.cancel(true);
        for (Future<List<T>> pending = ready.poll(); pending != null; pending = ready.poll()) {
            pending.cancel(true);
        }
    }
}
