package org.commitmentledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.unit.DataSize;

/**
 * With {@code WRITE_DELAY=0} H2 has no background writer, so superseded chunks pile up; the housekeeping rewrites
 * them until the live share is back at the target, and the data stays as it was.
 */
class H2HousekeepingTests {

    @Test
    void rewritesSparseChunksOfAStoreWithoutWriteDelayAndKeepsTheData() throws Exception {
        Path file = Path.of("target/test-db/housekeeping-" + UUID.randomUUID(), "db");
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=0", "sa", "", true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("create table churn (id varchar(36) primary key, n bigint not null, pad varchar(200))");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                ids.add(UUID.randomUUID().toString());
                jdbc.update("insert into churn values (?, 0, repeat('x', 150))", ids.get(i));
            }
            for (int round = 1; round <= 10; round++) {
                for (int i = 0; i < ids.size(); i += 7) {
                    jdbc.update("update churn set n = ? where id = ?", round, ids.get(i));
                }
            }
            H2Housekeeping housekeeping = new H2Housekeeping(dataSource, 80, DataSize.ofMegabytes(64));
            MVStore store = housekeeping.store().orElseThrow();
            int before = store.getFileStore().getChunksFillRate();
            assertThat(before).as("chunk fill rate after the churn").isLessThan(80);

            // H2 drops a superseded chunk at a later store, once no version in use needs it: like the scheduled
            // job, run again (with a small unrelated commit in between) until the file has caught up
            jdbc.execute("create table tick (n bigint)");
            int after = before;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (after < 80 && System.nanoTime() < deadline) {
                after = housekeeping.rewrite(store);
                if (after < 80) {
                    jdbc.update("insert into tick values (1)");
                    Thread.sleep(20);
                    after = store.getFileStore().getChunksFillRate();
                }
            }

            assertThat(after).as("chunk fill rate after housekeeping (was %d %%)", before).isGreaterThanOrEqualTo(80);
            assertThat(jdbc.queryForObject("select count(*) from churn", Long.class)).isEqualTo(2_000L);
            assertThat(jdbc.queryForObject("select sum(n) from churn", Long.class))
                    .isEqualTo(10L * ((ids.size() + 6) / 7));
        } finally {
            dataSource.destroy();
        }
    }

    @Test
    void hasNothingToDoForAnInMemoryDatabase() throws Exception {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:mem:housekeeping-" + UUID.randomUUID(), "sa", "", true);
        try {
            assertThat(new H2Housekeeping(dataSource, 80, DataSize.ofMegabytes(16)).store()).isEmpty();
        } finally {
            dataSource.destroy();
        }
    }
}
