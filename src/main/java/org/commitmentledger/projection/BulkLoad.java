package org.commitmentledger.projection;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Appends rows to freshly created tables as fast as the database takes them, on a connection of its own outside any
 * Spring transaction (ADR 0020). H2 gets JDBC batches; PostgreSQL gets {@code COPY … FROM STDIN} through pgjdbc's
 * {@link CopyManager}. It commits every {@link #COMMIT_ROWS} rows: H2 holds a transaction's changes in memory until
 * it commits, and a rebuild is restarted from scratch if it dies, so nothing is gained by one huge transaction.
 */
abstract class BulkLoad implements AutoCloseable {

    static final int COMMIT_ROWS = 20_000;

    final Connection connection;
    private long uncommitted;
    long rows;

    BulkLoad(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    static BulkLoad open(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product.toLowerCase().contains("postgres") ? new Copy(connection) : new Batches(connection);
    }

    /** Adds a row of {@code table}, whose {@code columns} are named in the order of {@code values}. */
    void add(String table, String columns, Object[] values) throws SQLException {
        append(table, columns, values);
        rows++;
        if (++uncommitted >= COMMIT_ROWS) {
            flush();
            connection.commit();
            uncommitted = 0;
        }
    }

    /** Writes and commits everything added so far. */
    void finish() throws SQLException {
        flush();
        connection.commit();
        uncommitted = 0;
    }

    abstract void append(String table, String columns, Object[] values) throws SQLException;

    abstract void flush() throws SQLException;

    @Override
    public void close() throws SQLException {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } finally {
            connection.close();
        }
    }

    /** JDBC batches of 1,000 rows per table. */
    private static final class Batches extends BulkLoad {

        private static final int BATCH = 1_000;
        private final Map<String, PreparedStatement> inserts = new HashMap<>();
        private final Map<String, Integer> pending = new HashMap<>();

        Batches(Connection connection) throws SQLException {
            super(connection);
        }

        @Override
        void append(String table, String columns, Object[] values) throws SQLException {
            PreparedStatement insert = inserts.get(table);
            if (insert == null) {
                insert = connection.prepareStatement("insert into " + table + " (" + columns + ") values ("
                        + "?, ".repeat(values.length - 1) + "?)");
                inserts.put(table, insert);
            }
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.addBatch();
            if (pending.merge(table, 1, Integer::sum) >= BATCH) {
                insert.executeBatch();
                pending.put(table, 0);
            }
        }

        @Override
        void flush() throws SQLException {
            for (Map.Entry<String, PreparedStatement> insert : inserts.entrySet()) {
                if (pending.getOrDefault(insert.getKey(), 0) > 0) {
                    insert.getValue().executeBatch();
                    pending.put(insert.getKey(), 0);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                for (PreparedStatement insert : inserts.values()) {
                    insert.close();
                }
            } finally {
                super.close();
            }
        }
    }

    /** CSV text per table, sent with COPY whenever a table's text passes 4 MiB. */
    private static final class Copy extends BulkLoad {

        private static final int CHUNK = 4 << 20;
        private final CopyManager copy;
        private final Map<String, StringBuilder> text = new HashMap<>();
        private final Map<String, String> columnsOf = new HashMap<>();

        Copy(Connection connection) throws SQLException {
            super(connection);
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        @Override
        void append(String table, String columns, Object[] values) throws SQLException {
            columnsOf.putIfAbsent(table, columns);
            StringBuilder csv = text.computeIfAbsent(table, t -> new StringBuilder(CHUNK + 4096));
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                Object value = values[i];
                if (value instanceof String s) {
                    csv.append('"').append(s.replace("\"", "\"\"")).append('"');
                } else if (value instanceof BigDecimal d) {
                    csv.append(d.toPlainString());
                } else if (value != null) {
                    csv.append(value);
                }
            }
            csv.append('\n');
            if (csv.length() >= CHUNK) {
                send(table, csv);
            }
        }

        @Override
        void flush() throws SQLException {
            for (Map.Entry<String, StringBuilder> table : text.entrySet()) {
                send(table.getKey(), table.getValue());
            }
        }

        private void send(String table, StringBuilder csv) throws SQLException {
            if (csv.isEmpty()) {
                return;
            }
            try {
                copy.copyIn("copy " + table + " (" + columnsOf.get(table) + ") from stdin with (format csv)",
                        new StringReader(csv.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
            csv.setLength(0);
        }
    }
}
