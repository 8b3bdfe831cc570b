package org.commitmentledger.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import org.commitmentledger.kernel.Databases;
import org.commitmentledger.projection.ProjectionAdmin;

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

    /** Starts a rebuild and waits until its generation serves; false on a timeout or a failed build. */
    static boolean rebuild(ProjectionAdmin admin, Duration timeout) throws InterruptedException {
        if (!admin.rebuild()) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!admin.isRebuilding()) {
                return admin.status().lastBuild().error() == null;
            }
            Thread.sleep(20);
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
            // pgjdbc fetches by the fetch size only inside a transaction; otherwise it holds the whole result, which
            // at a million events is more than the benchmark's heap
            c.setAutoCommit(false);
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
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return new Raw(n, System.nanoTime() - start);
    }


    /**
     * What the database itself needs to write and index the rows of one projection generation: each table copied into
     * a bare table inside the database ({@code INSERT … SELECT}: no JDBC, no parsing, no fold), then given the same
     * keys and indexes as the original, read from the database's own catalogue. The copies are dropped afterwards. A
     * rebuild writes and indexes the same rows, so this is its floor on this engine.
     */
    static Raw engineCopyAndIndex(DataSource ds, int generation, long events) throws Exception {
        try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            boolean postgres = Databases.postgres(c);
            long start = System.nanoTime();
            for (String base : COPIED) {
                String source = base + "_g" + generation;
                String copy = "bench_copy_" + base;
                st.execute("drop table if exists " + copy);
                if (postgres) {
                    // LIKE keeps the columns' NOT NULL, and nothing else: no key, no index
                    st.execute("create table " + copy + " (like " + source + ")");
                    st.execute("insert into " + copy + " select * from " + source);
                } else {
                    copyInChunks(c, st, source, copy);
                }
            }
            for (String base : COPIED) {
                String source = base + "_g" + generation;
                String copy = "bench_copy_" + base;
                for (String ddl : postgres ? postgresIndexes(c, source, copy) : keysAndIndexes(c, source, copy)) {
                    st.execute(ddl);
                }
            }
            long elapsed = System.nanoTime() - start;
            for (String base : COPIED) {
                st.execute("drop table bench_copy_" + base);
            }
            return new Raw(events, elapsed);
        }
    }

    private static final List<String> COPIED = List.of("member_version", "fund_version", "pledge_version",
            "pledge_figure");

    /** H2: the copy in commits of {@link #COPY_CHUNK} rows, its NOT NULL columns set while it is empty. */
    private static void copyInChunks(Connection c, java.sql.Statement st, String source, String copy)
            throws SQLException {
        st.execute("create table " + copy + " as select * from " + source + " with no data");
        // the copy's columns come nullable; a key needs them as the source declares them, set while empty
        for (String column : notNullColumns(c, source)) {
            st.execute("alter table " + copy + " alter column " + column + " set not null");
        }
        // H2's row ids: a range of them is a range of the table's own map, read without skipping
        long last = count(st, "select coalesce(max(_rowid_), 0) from " + source);
        for (long from = 0; from < last; from += COPY_CHUNK) {
            st.execute("insert into " + copy + " select * from " + source + " where _rowid_ > " + from
                    + " and _rowid_ <= " + (from + COPY_CHUNK));
        }
    }

    /** PostgreSQL: the source's index definitions (its primary key's included), renamed onto {@code copy}. */
    private static List<String> postgresIndexes(Connection c, String source, String copy) throws SQLException {
        List<String> ddl = new ArrayList<>();
        for (String definition : ofTable(c, "select indexdef from pg_indexes where schemaname = current_schema "
                + "and tablename = ? order by indexname", source)) {
            Matcher m = PG_INDEX.matcher(definition);
            if (!m.matches()) {
                throw new IllegalStateException("unexpected index definition: " + definition);
            }
            ddl.add("create " + (m.group(1) == null ? "" : "unique ") + "index " + copy + "_ix" + ddl.size() + " on "
                    + copy + " using " + m.group(2));
        }
        return ddl;
    }

    private static final Pattern PG_INDEX = Pattern.compile("CREATE (UNIQUE )?INDEX \\S+ ON \\S+ USING (.+)");

    /** Rows per copying statement: H2 holds a statement's selected rows in memory, and a fund's state is kilobytes. */
    private static final long COPY_CHUNK = 2_000;

    private static List<String> notNullColumns(Connection c, String table) throws SQLException {
        return ofTable(c, "select column_name from information_schema.columns where lower(table_name) = ? "
                + "and table_schema = current_schema and is_nullable = 'NO'", table);
    }

    /** The first column of a catalogue query about {@code table}, whose one parameter is its lower-case name. */
    private static List<String> ofTable(Connection c, String sql, String table) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** The primary key and the indexes of {@code source}, as statements that give {@code copy} the same. */
    private static List<String> keysAndIndexes(Connection c, String source, String copy) throws SQLException {
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("select i.index_name, i.index_type_name, k.column_name "
                + "from information_schema.indexes i join information_schema.index_columns k "
                + "on k.index_schema = i.index_schema and k.index_name = i.index_name "
                + "where lower(i.table_name) = ? and i.table_schema = current_schema "
                + "order by i.index_name, k.ordinal_position")) {
            q.setString(1, source.toLowerCase(Locale.ROOT));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), rs.getString(2));
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        List<String> ddl = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> index : kinds.entrySet()) {
            String cols = String.join(", ", columns.get(index.getKey()));
            ddl.add(index.getValue().equals("PRIMARY KEY")
                    ? "alter table " + copy + " add primary key (" + cols + ")"
                    : "create " + (index.getValue().startsWith("UNIQUE") ? "unique " : "") + "index " + copy + "_ix"
                    + n++ + " on " + copy + " (" + cols + ")");
        }
        return ddl;
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
            // streamed by the fetch size on PostgreSQL too, as in rawSequentialRead
            c.setAutoCommit(false);
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
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return new Raw(n, System.nanoTime() - start);
    }

    /** A table shaped like domain_event_entry (same columns, keys and unique constraints) for raw inserts. */
    static void createRawEventTable(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            // the columns of domain_event_entry as V40 left them (payloads inline)
            String binary = Databases.postgres(c) ? "bytea" : "varbinary";
            st.execute("drop table if exists bench_raw_event");
            st.execute("create table bench_raw_event (global_index bigint not null primary key, "
                    + "event_identifier varchar(255) not null unique, meta_data " + binary + ", payload " + binary
                    + " not null, "
                    + "payload_revision varchar(255), payload_type varchar(255) not null, "
                    + "time_stamp varchar(255) not null, aggregate_identifier varchar(255) not null, "
                    + "sequence_number bigint not null, type varchar(255), "
                    + "constraint uk_bench_raw_aggregate_sequence unique (aggregate_identifier, sequence_number))");
            st.execute("create sequence if not exists bench_raw_event_seq");
        }
    }

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

    /** CPU time of every thread of this JVM so far, in nanoseconds. */
    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The id of the live thread named {@code name}, or -1 if there is none. */
    static long threadId(String name) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                return thread.getId();
            }
        }
        return -1;
    }

    /** CPU time so far of the thread {@code id}, in nanoseconds; 0 if it is not alive. */
    static long threadCpuNanos(long id) {
        return id < 0 ? 0 : Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(id));
    }

    /** Peak resident set size of a process (VmHWM), in MiB; -1 when /proc is not there. */
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
