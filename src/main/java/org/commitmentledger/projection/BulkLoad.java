package org.commitmentledger.projection;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.commitmentledger.kernel.Databases;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Appends rows to freshly created tables as fast as the database takes them, on a connection of its own outside any
 * Spring transaction (ADR 0020). H2 gets JDBC batches; PostgreSQL gets {@code COPY … FROM STDIN} through pgjdbc's
 * {@link CopyManager}. The rows of a table are gathered into batches, which a writer thread of the load's own sends
 * while the caller goes on folding (ADR 0057); at most {@link #BATCHES_AHEAD} batches wait for it, so memory stays
 * bounded. It commits every {@link #COMMIT_ROWS} rows: H2 holds a transaction's changes in memory until it commits,
 * and a rebuild is restarted from scratch if it dies, so nothing is gained by one huge transaction.
 */
abstract class BulkLoad implements AutoCloseable {

    static final int COMMIT_ROWS = 20_000;
    /** Rows per JDBC batch on H2; a COPY on PostgreSQL takes ten times as many. */
    static final int BATCH_ROWS = 1_000;
    private static final int BATCHES_AHEAD = 8;

    final Connection connection;
    private final int batchSize;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "projection-rebuild-write");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore ahead = new Semaphore(BATCHES_AHEAD);
    private final Map<String, Batch> gathering = new HashMap<>();
    private volatile Exception failure;
    /** Rows written since the last commit: touched by the writer thread only. */
    private long uncommitted;

    private static final class Batch {
        final String columns;
        List<Object[]> rows;

        Batch(String columns, int size) {
            this.columns = columns;
            this.rows = new ArrayList<>(size);
        }
    }

    BulkLoad(Connection connection, int batchSize) throws SQLException {
        this.connection = connection;
        this.batchSize = batchSize;
        connection.setAutoCommit(false);
    }

    static BulkLoad open(Connection connection, int batchRows) throws SQLException {
        return Databases.postgres(connection) ? new Copy(connection, 10 * batchRows)
                : new Batches(connection, batchRows);
    }

    /** Adds a row of {@code table}, whose {@code columns} are named in the order of {@code values}. */
    void add(String table, String columns, Object[] values) throws SQLException {
        failed();
        Batch batch = gathering.computeIfAbsent(table, t -> new Batch(columns, batchSize));
        batch.rows.add(values);
        if (batch.rows.size() >= batchSize) {
            send(table, batch);
        }
    }

    /** Writes and commits everything added so far, and waits for it. */
    void finish() throws SQLException {
        for (Map.Entry<String, Batch> batch : gathering.entrySet()) {
            if (!batch.getValue().rows.isEmpty()) {
                send(batch.getKey(), batch.getValue());
            }
        }
        on(() -> {
            connection.commit();
            uncommitted = 0;
        });
        try {
            ahead.acquire(BATCHES_AHEAD);
            ahead.release(BATCHES_AHEAD);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the load's last rows were written", e);
        }
        failed();
    }

    private void send(String table, Batch batch) throws SQLException {
        List<Object[]> values = batch.rows;
        batch.rows = new ArrayList<>(batchSize);
        on(() -> {
            write(table, batch.columns, values);
            uncommitted += values.size();
            if (uncommitted >= COMMIT_ROWS) {
                connection.commit();
                uncommitted = 0;
            }
        });
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} on the writer thread, in the order given, unless an earlier piece failed. */
    private void on(Work work) throws SQLException {
        try {
            ahead.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the load's writer", e);
        }
        writer.execute(() -> {
            try {
                if (failure == null) {
                    work.run();
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                ahead.release();
            }
        });
    }

    private void failed() throws SQLException {
        Exception e = failure;
        if (e instanceof SQLException sql) {
            throw sql;
        }
        if (e != null) {
            throw new SQLException("writing the rebuilt rows failed", e);
        }
    }

    /** Writes {@code values}, rows of {@code table} with {@code columns}; on the writer thread. */
    abstract void write(String table, String columns, List<Object[]> values) throws SQLException;

    /** Releases what the writer holds; on the writer thread. */
    void release() throws SQLException {
    }

    @Override
    public void close() throws SQLException {
        writer.shutdown();
        try {
            // a failed or abandoned load: the writer finishes the batch in hand, the rest is dropped
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                writer.shutdownNow();
            }
            release();
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    /** JDBC batches of {@link #BATCH_ROWS} rows per table. */
    private static final class Batches extends BulkLoad {

        private final Map<String, PreparedStatement> inserts = new HashMap<>();

        Batches(Connection connection, int batchRows) throws SQLException {
            super(connection, batchRows);
        }

        @Override
        void write(String table, String columns, List<Object[]> values) throws SQLException {
            PreparedStatement insert = inserts.get(table);
            if (insert == null) {
                insert = connection.prepareStatement("insert into " + table + " (" + columns + ") values ("
                        + "?, ".repeat(values.get(0).length - 1) + "?)");
                inserts.put(table, insert);
            }
            for (Object[] row : values) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }

        @Override
        void release() throws SQLException {
            for (PreparedStatement insert : inserts.values()) {
                insert.close();
            }
        }
    }

    /** CSV text per table, sent with one COPY per batch. */
    private static final class Copy extends BulkLoad {

        private final CopyManager copy;

        Copy(Connection connection, int batchRows) throws SQLException {
            super(connection, batchRows);
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        @Override
        void write(String table, String columns, List<Object[]> values) throws SQLException {
            StringBuilder csv = new StringBuilder(values.size() * 160);
            for (Object[] row : values) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        csv.append(',');
                    }
                    Object value = row[i];
                    if (value instanceof String s) {
                        csv.append('"').append(s.replace("\"", "\"\"")).append('"');
                    } else if (value instanceof BigDecimal d) {
                        csv.append(d.toPlainString());
                    } else if (value != null) {
                        csv.append(value);
                    }
                }
                csv.append('\n');
            }
            try {
                copy.copyIn("copy " + table + " (" + columns + ") from stdin with (format csv)",
                        new StringReader(csv.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
        }
    }
}
