package org.commitmentledger.audit;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

import org.commitmentledger.kernel.PreparedPages;

/**
 * Reads one table ordered by a key, a page at a time, keeping at most two pages in memory. Given a read-ahead thread of its own
 * it asks for the next page as soon as the current one arrives, so a verification hashes one page while the database
 * reads and parses the next: on two cores the walk then costs about the larger of the two, not their sum.
 */
final class PagedCursor<T> {

    private final int pageSize;
    private final LongFunction<List<T>> pages;
    private final ToLongFunction<T> keyOf;
    private final ExecutorService readAhead;
    private Future<List<T>> next;
    private List<T> page = List.of();
    private int position;
    private long after;
    private boolean exhausted;

    /** {@code pages} answers the page after a key; {@code readAhead} may be null (read when needed). */
    PagedCursor(long after, int pageSize, LongFunction<List<T>> pages, ToLongFunction<T> keyOf,
                ExecutorService readAhead) {
        this.after = after;
        this.pageSize = pageSize;
        this.pages = pages;
        this.keyOf = keyOf;
        this.readAhead = readAhead;
    }

    T peek() {
        if (position == page.size() && !exhausted) {
            page = take();
            position = 0;
            exhausted = page.size() < pageSize;
            if (!page.isEmpty()) {
                after = keyOf.applyAsLong(page.get(page.size() - 1));
            }
            if (!exhausted && readAhead != null) {
                long from = after;
                next = readAhead.submit(() -> pages.apply(from));
            }
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
        Future<List<T>> pending = next;
        next = null;
        return pending == null ? pages.apply(after) : PreparedPages.page(pending);
    }
}
