package org.commitmentledger.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages prepared on several threads must come out as one ordered stream, and a failure must reach the caller. */
class PreparedPagesTests {

    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        reader.shutdownNow();
        workers.shutdownNow();
    }

    /** Keys 1..n, read {@code size} at a time after a key. */
    private static List<Long> table(long n, long after, int size) {
        return LongStream.rangeClosed(after + 1, Math.min(n, after + size)).boxed().toList();
    }

    private static List<Long> drain(PreparedPages<Long, Long> pages) {
        List<Long> out = new ArrayList<>();
        for (Long row = pages.next(); row != null; row = pages.next()) {
            out.add(row);
        }
        return out;
    }

    @Test
    void givesEveryPreparedRowInKeyOrderWhateverTheWorkersFinishFirst() {
        for (long n : new long[] {0, 1, 9, 10, 11, 100, 1_001}) {
            try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> table(n, after, 10),
                    Long::longValue, page -> {
                        if (page.size() % 3 == 1) {
                            Thread.onSpinWait();
                        }
                        return page.stream().map(key -> key * 2).toList();
                    }, reader, workers)) {
                assertThat(drain(pages)).as("n = %d", n)
                        .isEqualTo(LongStream.rangeClosed(1, n).map(key -> key * 2).boxed().toList());
                assertThat(pages.next()).isNull();
                assertThat(pages.position()).isEqualTo(n);
            }
        }
    }

    @Test
    void goesOnPastPagesThatPreparingEmptied() {
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> table(95, after, 10),
                Long::longValue, page -> page.stream().filter(key -> key > 80 || key == 5).toList(), reader,
                workers)) {
            assertThat(drain(pages)).containsExactly(5L, 81L, 82L, 83L, 84L, 85L, 86L, 87L, 88L, 89L, 90L, 91L,
                    92L, 93L, 94L, 95L);
        }
    }

    @Test
    void startsAfterTheGivenKey() {
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(40, 10, 2, after -> table(45, after, 10),
                Long::longValue, page -> page, reader, workers)) {
            assertThat(drain(pages)).containsExactly(41L, 42L, 43L, 44L, 45L);
        }
    }

    @Test
    void passesOnAFailureOfReadingOrPreparingAfterTheRowsBeforeIt() {
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> {
            if (after >= 20) {
                throw new IllegalStateException("the table cannot be read after 20");
            }
            return table(100, after, 10);
        }, Long::longValue, page -> page, reader, workers)) {
            for (long key = 1; key <= 20; key++) {
                assertThat(pages.next()).isEqualTo(key);
            }
            assertThatThrownBy(pages::next).hasMessage("the table cannot be read after 20");
        }
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> table(100, after, 10),
                Long::longValue, page -> {
                    if (page.contains(35L)) {
                        throw new IllegalArgumentException("row 35 cannot be parsed");
                    }
                    return page;
                }, reader, workers)) {
            assertThat(pages.next()).isEqualTo(1L);
            for (int i = 0; i < 29; i++) {
                pages.next();
            }
            assertThatThrownBy(pages::next).hasMessage("row 35 cannot be parsed");
        }
    }

    @Test
    void stopsReadingWhenClosedEarlyAndKeepsAtMostItsDepthAhead() throws Exception {
        AtomicInteger read = new AtomicInteger();
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> {
            read.incrementAndGet();
            return table(1_000_000, after, 10);
        }, Long::longValue, page -> page, reader, workers)) {
            assertThat(pages.next()).isEqualTo(1L);
            Thread.sleep(200);
            // the page being walked, two waiting in the queue and one the reader holds until there is room
            assertThat(read.get()).isLessThanOrEqualTo(4);
        }
        // the reader thread is free again: a new cursor on it runs
        try (PreparedPages<Long, Long> pages = new PreparedPages<>(0, 10, 2, after -> table(3, after, 10),
                Long::longValue, page -> page, reader, workers)) {
            assertThat(drain(pages)).containsExactly(1L, 2L, 3L);
        }
    }
}
