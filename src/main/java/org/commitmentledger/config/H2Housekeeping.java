package org.commitmentledger.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rewrites the sparsely filled chunks of an H2 file store (ADR 0017). H2's MVStore writes every commit as a new chunk
 * and supersedes pages of older ones; its background writer thread rewrites chunks that have become mostly dead so
 * their space can be reused. That thread only runs with a write delay, and the ledger runs with {@code WRITE_DELAY=0}
 * (ADR 0013), so without this the file only grows: a ledger of 100,000 events filled 2.3 GB at 23 % live data.
 * This runs the same rewrite ({@link MVStore#compact(int, int)}, under H2's store lock, crash-safe like any commit)
 * on a schedule, a bounded amount per run. Not H2, in memory or read-only: nothing to do.
 */
@Component
class H2Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final int targetFillRate;
    private final int maxBytesPerRun;

    H2Housekeeping(DataSource dataSource, @Value("${ledger.h2.housekeeping.target-fill-rate:80}") int targetFillRate,
                   @Value("${ledger.h2.housekeeping.max-per-run:256KB}") DataSize maxPerRun) {
        this.dataSource = dataSource;
        this.targetFillRate = targetFillRate;
        this.maxBytesPerRun = Math.toIntExact(maxPerRun.toBytes());
    }

    @Scheduled(initialDelayString = "${ledger.h2.housekeeping.initial-delay:PT30S}",
            fixedDelayString = "${ledger.h2.housekeeping.interval:PT0.25S}")
    void rewriteSparseChunks() {
        try {
            store().ifPresent(this::rewrite);
        } catch (RuntimeException | SQLException e) {
            LOG.warn("H2 housekeeping skipped: {}", e.toString());
        }
    }

    /** Rewrites while the live share of the chunks is below the target; returns the chunk fill rate after it. */
    int rewrite(MVStore store) {
        int before = store.getFileStore().getChunksFillRate();
        if (before < targetFillRate && store.compact(targetFillRate, maxBytesPerRun)) {
            // the rewritten pages are stored by the next commit, as H2's background writer would do; superseded
            // chunks are freed once they are older than the store's retention time
            store.commit();
            int after = store.getFileStore().getChunksFillRate();
            LOG.debug("H2 housekeeping: chunk fill rate {} % -> {} %", before, after);
            return after;
        }
        return before;
    }

    /** The MVStore of the H2 file database behind the pool, if that is what it is. */
    Optional<MVStore> store() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return Optional.empty();
            }
            Database database = session.getDatabase();
            if (!database.isPersistent() || database.isReadOnly() || database.getStore() == null) {
                return Optional.empty();
            }
            MVStore store = database.getStore().getMvStore();
            return store.isClosed() || store.getFileStore() == null ? Optional.empty() : Optional.of(store);
        }
    }
}
