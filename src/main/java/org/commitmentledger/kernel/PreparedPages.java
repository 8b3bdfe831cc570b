package org.commitmentledger.kernel;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Reads one table ordered by a key, a page at a time, on a reader thread of its own, and prepares each page (parsing,
 * canonical forms, digests) on a pool of workers while the reader fetches the next. The caller gets the prepared rows
 * in key order. Full verifications and projection rebuilds spend much of their time preparing events, which are
 * independent of each other; only the fetch and what the caller does with the rows are sequential, so this spreads
 * the bulk of the work over every core.
 *
 * <p>A raw page shorter than the page size is the last. Preparing may drop rows (a page may even come out empty).
 * At most {@code depth} pages wait ahead of the caller, so memory stays bounded whatever the table's size.
 */
public final class PreparedPages<R, T> implements AutoCloseable {

    private static final Future<?> END = CompletableFuture.completedFuture(List.of());

    private final BlockingQueue<Future<?>> ready;
    private final Future<?> reader;
    private List<T> page = List.of();
    private int position;
    private boolean exhausted;
    private long lastKey;

    /**
     * Starts reading after {@code after}: {@code pages} answers the raw page after a key, at most {@code pageSize} rows
     * (run on {@code readerThread}); {@code prepare} turns a raw page into the caller's rows (run on {@code workers}).
     */
    public PreparedPages(long after, int pageSize, int depth, LongFunction<List<R>> pages, ToLongFunction<R> keyOf,
                         Function<List<R>, List<T>> prepare, ExecutorService readerThread, ExecutorService workers) {
        this.ready = new ArrayBlockingQueue<>(depth);
        this.lastKey = after;
        this.reader = readerThread.submit(() -> read(after, pageSize, pages, keyOf, prepare, workers));
    }

    private void read(long after, int pageSize, LongFunction<List<R>> pages, ToLongFunction<R> keyOf,
                      Function<List<R>, List<T>> prepare, ExecutorService workers) {
        long from = after;
        try {
            while (true) {
                List<R> raw = pages.apply(from);
                if (!raw.isEmpty()) {
                    from = keyOf.applyAsLong(raw.get(raw.size() - 1));
                }
                long last = from;
                ready.put(workers.submit(() -> new Prepared<>(prepare.apply(raw), last)));
                if (raw.size() < pageSize) {
                    ready.put(END);
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

    /**
     * A pool of {@code count} daemon threads named after their work, for the reader ({@code count} 1) or the workers
     * of a cursor: verifications and rebuilds make their own and shut them down when done.
     */
    public static ExecutorService threads(String name, int count) {
        AtomicInteger started = new AtomicInteger();
        return Executors.newFixedThreadPool(count, task -> {
            Thread thread = new Thread(task, count == 1 ? name : name + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A prepared page and the key of the last raw row it was prepared from. */
    private record Prepared<T>(List<T> rows, long lastKey) {
    }

    /** The next row without moving past it; null once the table is read. */
    public T peek() {
        while (position == page.size() && !exhausted) {
            Object next = take();
            if (next instanceof Prepared<?> prepared) {
                @SuppressWarnings("unchecked")
                List<T> rows = (List<T>) prepared.rows();
                page = rows;
                lastKey = prepared.lastKey();
            } else {
                page = List.of();
                exhausted = true;
            }
            position = 0;
        }
        return position < page.size() ? page.get(position) : null;
    }

    /** The next row; null once the table is read. */
    public T next() {
        T current = peek();
        if (current != null) {
            position++;
        }
        return current;
    }

    /** The key of the last raw row read into the current page: how far the table has been read. */
    public long position() {
        return lastKey;
    }

    private Object take() {
        Future<?> next;
        try {
            next = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the next page", e);
        }
        return next == END ? null : page(next);
    }

    /**
     * The page a reader or worker made: its failure is rethrown as it was thrown, so the caller sees the database's
     * or the parser's own exception.
     */
    public static <V> V page(Future<V> pending) {
        try {
            return pending.get();
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
        for (Future<?> pending = ready.poll(); pending != null; pending = ready.poll()) {
            pending.cancel(true);
        }
    }
}
