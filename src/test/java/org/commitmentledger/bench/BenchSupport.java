package org.commitmentledger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.projection.ProjectionAdmin;
import org.commitmentledger.support.Projections;

/** The raw baselines (plain JDBC on the same database) and small helpers shared by the benchmark and its smoke test. */
final class BenchSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSupport() {
    }

    /** How many rows a raw pass handled and how long it took. */
    record Raw(long events, long nanos) {
        double perSecond() {
            return events * 1e9 / nanos;
        }
    }

    /** Waits until the projections processor is LIVE and at the head of the store. */
    static boolean awaitProjections(ProjectionAdmin admin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> row : admin.status()) {
                if (Projections.GROUP.equals(row.get("name")) && "LIVE".equals(row.get("state"))
                        && ((Number) row.get("position")).longValue() >= ((Number) row.get("head")).longValue()) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** P2 raw: one sequential pass over domain_event_entry, each payload parsed with Jackson (readTree). */
    static Raw rawSequentialRead(DataSource ds) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select global_index, payload_type, time_stamp, "
                     + "aggregate_identifier, sequence_number, payload, meta_data from domain_event_entry "
                     + "order by global_index")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(1);
                    rs.getString(2);
                    rs.getString(3);
                    rs.getString(4);
                    rs.getLong(5);
                    JSON.readTree(rs.getBytes(6));
                    JSON.readTree(rs.getBytes(7));
                    n++;
                }
            }
        }
        return new Raw(n, System.nanoTime() - start);
    }

    /**
     * P2 reference, the write floor: the rows a rebuild leaves in the projection tables, copied with plain JDBC
     * batches into empty tables of the same columns and indexes, committing after as many rows as
     * {@code eventsPerCommit} events produce on average; events per second at that rate. The rebuild writes these
     * rows and more (it also closes superseded versions), so this bounds what H2 allows for its writes. Table by
     * table, each read in pages of {@code pageRows} in primary-key order (a sorted, materialised or lazy read of
     * millions of rows does not fit the benchmark's heap): pledge versions in the order the rebuild inserted them
     * (random pledge ids in the secondary indexes), the other tables in key order, which makes their copy cheaper
     * than the rebuild's writes. Fails unless every row was copied once.
     */
    static Raw rawProjectionWrite(DataSource ds, int eventsPerCommit) throws Exception {
        return rawProjectionWrite(ds, eventsPerCommit, 10_000);
    }

    static Raw rawProjectionWrite(DataSource ds, int eventsPerCommit, int pageRows) throws Exception {
        // each table is read in pages by its primary key: one lazy read over a whole table keeps its snapshot,
        // and so every page version the writes below replace, on the heap until it ends (out of memory at 1M)
        Map<String, List<String>> tables = new java.util.LinkedHashMap<>();
        tables.put("pledge_version", List.of("id"));
        tables.put("pledge_figure", List.of("pledge_id", "agg_seq"));
        tables.put("fund_version", List.of("fund_id", "agg_seq"));
        tables.put("member_version", List.of("code", "agg_seq"));
        long events;
        long rows = 0;
        try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            events = count(st, "select count(*) from domain_event_entry");
            for (String table : tables.keySet()) {
                rows += count(st, "select count(*) from " + table);
                st.execute("drop table if exists bench_copy_" + table);
                st.execute("create table bench_copy_" + table + " as select * from " + table + " with no data");
            }
            for (String notNull : List.of("pledge_version alter column id", "pledge_figure alter column pledge_id",
                    "pledge_figure alter column agg_seq", "fund_version alter column fund_id",
                    "fund_version alter column agg_seq", "member_version alter column code",
                    "member_version alter column agg_seq")) {
                st.execute("alter table bench_copy_" + notNull + " set not null");
            }
            st.execute("alter table bench_copy_pledge_version add primary key (id)");
            st.execute("create index on bench_copy_pledge_version (pledge_id, recorded_to, valid_from)");
            st.execute("create index on bench_copy_pledge_version (fund_id, recorded_to, recorded_from)");
            st.execute("alter table bench_copy_pledge_figure add primary key (pledge_id, agg_seq)");
            st.execute("alter table bench_copy_fund_version add primary key (fund_id, agg_seq)");
            st.execute("create index on bench_copy_fund_version (fund_id, recorded_at, effective_at)");
            st.execute("alter table bench_copy_member_version add primary key (code, agg_seq)");
        }
        long rowsPerCommit = Math.max(1, rows * eventsPerCommit / Math.max(1, events));
        long copied = 0;
        long start = System.nanoTime();
        try (Connection read = ds.getConnection(); Connection write = ds.getConnection()) {
            write.setAutoCommit(false);
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                copied += copyTable(read, write, table.getKey(), table.getValue(), rowsPerCommit, pageRows);
            }
        }
        long nanos = System.nanoTime() - start;
        try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            long inCopies = 0;
            for (String table : tables.keySet()) {
                inCopies += count(st, "select count(*) from bench_copy_" + table);
                st.execute("drop table bench_copy_" + table);
            }
            if (copied != rows || inCopies != rows) {
                throw new IllegalStateException("the write floor copied " + copied + " rows (" + inCopies
                        + " in the copies) of " + rows);
            }
        }
        return new Raw(events, nanos);
    }

    /**
     * Copies {@code table} into {@code bench_copy_<table>}, reading it in pages of {@code pageRows} in {@code key}
     * order and committing every {@code rowsPerCommit} rows; returns the rows inserted.
     */
    private static long copyTable(Connection read, Connection write, String table, List<String> key,
                                  long rowsPerCommit, int pageRows) throws SQLException {
        String keyList = String.join(", ", key);
        // a row-value comparison after the first page: H2 turns it into a range scan of the primary key
        String first = "select * from " + table + " order by " + keyList + " limit " + pageRows;
        String next = "select * from " + table + " where (" + keyList + ") > ("
                + String.join(", ", java.util.Collections.nCopies(key.size(), "?")) + ") order by " + keyList
                + " limit " + pageRows;
        int columns;
        try (PreparedStatement shape = read.prepareStatement("select * from " + table + " where 1 = 0")) {
            columns = shape.getMetaData().getColumnCount();
        }
        long copied = 0;
        long pending = 0;
        Object[] last = null;
        try (PreparedStatement insert = write.prepareStatement("insert into bench_copy_" + table + " values ("
                + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")")) {
            int rowsInPage = pageRows;
            while (rowsInPage == pageRows) {
                rowsInPage = 0;
                try (PreparedStatement select = read.prepareStatement(last == null ? first : next)) {
                    for (int i = 0; last != null && i < last.length; i++) {
                        select.setObject(i + 1, last[i]);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rowsInPage++;
                            for (int i = 1; i <= columns; i++) {
                                insert.setObject(i, rs.getObject(i));
                            }
                            insert.addBatch();
                            if (++pending == rowsPerCommit) {
                                copied += rowsInserted(insert.executeBatch());
                                write.commit();
                                pending = 0;
                            }
                            last = new Object[key.size()];
                            for (int i = 0; i < key.size(); i++) {
                                last[i] = rs.getObject(key.get(i));
                            }
                        }
                    }
                }
            }
            copied += rowsInserted(insert.executeBatch());
            write.commit();
        }
        return copied;
    }

    private static long rowsInserted(int[] counts) {
        long n = 0;
        for (int count : counts) {
            n += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : count;
        }
        return n;
    }

    private static long count(java.sql.Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * P4 raw: one sequential pass over the same rows, chaining SHA-256 over the previous hex hash, the payload bytes
     * and the metadata bytes (what the real verification hashes, minus building the canonical feed entry).
     */
    static Raw rawChainDigest(DataSource ds) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        byte[] previous = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select e.global_index, e.payload_type, e.time_stamp, "
                     + "e.payload, e.meta_data, h.hash from domain_event_entry e join event_chain h "
                     + "on h.global_index = e.global_index order by e.global_index")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sha.update(previous);
                    sha.update(Long.toString(rs.getLong(1)).getBytes(StandardCharsets.US_ASCII));
                    sha.update(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    sha.update(rs.getString(3).getBytes(StandardCharsets.UTF_8));
                    sha.update(rs.getBytes(4));
                    sha.update(rs.getBytes(5));
                    rs.getString(6);
                    previous = hex.formatHex(sha.digest()).getBytes(StandardCharsets.US_ASCII);
                    n++;
                }
            }
        }
        return new Raw(n, System.nanoTime() - start);
    }

    /** A table shaped like domain_event_entry (same columns, keys and unique constraints) for raw inserts. */
    static void createRawEventTable(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            // the columns of domain_event_entry as V40 left them (payloads inline)
            st.execute("drop table if exists bench_raw_event");
            st.execute("create table bench_raw_event (global_index bigint not null primary key, "
                    + "event_identifier varchar(255) not null unique, meta_data varbinary, payload varbinary not null, "
                    + "payload_revision varchar(255), payload_type varchar(255) not null, "
                    + "time_stamp varchar(255) not null, aggregate_identifier varchar(255) not null, "
                    + "sequence_number bigint not null, type varchar(255), "
                    + "constraint uk_bench_raw_aggregate_sequence unique (aggregate_identifier, sequence_number))");
            st.execute("create sequence if not exists bench_raw_event_seq");
        }
    }

    /** Peak resident set size of a process (VmHWM), in MiB; -1 when /proc is not there. */
    /** Bytes this process has passed to write calls so far (Linux {@code /proc/self/io}, wchar), -1 if unknown. */
    static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static long peakRssMiB(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Resets this process's VmHWM (Linux: writing 5 to clear_refs), so the next phase's peak is its own. */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux or not permitted: the peak then covers the run so far
        }
    }
}
