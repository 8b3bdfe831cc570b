package org.commitmentledger.projection;

import static org.commitmentledger.read.ProjectionTables.FUND_VERSION;
import static org.commitmentledger.read.ProjectionTables.MEMBER_VERSION;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_FIGURE;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_VERSION;
import static org.commitmentledger.read.ProjectionTables.name;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.commitmentledger.eventlog.stored.StableNameSerializer;
import org.commitmentledger.fund.api.FundFold;
import org.commitmentledger.fund.api.FundState;
import org.commitmentledger.kernel.Databases;
import org.commitmentledger.kernel.PreparedPages;
import org.commitmentledger.member.api.MemberFold;
import org.commitmentledger.pledge.api.PledgeFold;
import org.commitmentledger.pledge.api.PledgeFold.Version;

/**
 * The rebuild's driver of the projection fold (ADR 0020): reads the event store in global order with plain JDBC,
 * folds in memory — only each pledge's open rows, each pledge's figure starts and each fund's latest state are kept —
 * and appends every row exactly once, already closed in record time, to the bare tables of a new generation. Rows are
 * never updated and nothing is read back.
 */
final class Rebuild {

    /** Events read per query: bounded memory whatever the store's size, and no long-lived cursor. */
    static final int PAGE = 5_000;

    private final DataSource dataSource;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final int pageSize;
    /** Rows per batch sent to H2 (PostgreSQL's COPY takes ten times as many). */
    private final int batchRows;
    /** Per stored (name, revision): today's class when it is today's revision; empty: read through the upcasters. */
    private final Map<String, Optional<Class<?>>> current = new ConcurrentHashMap<>();

    Rebuild(DataSource dataSource, Serializer serializer, EventUpcaster upcasters) {
        this(dataSource, serializer, upcasters, PAGE, BulkLoad.BATCH_ROWS);
    }

    /** With other page and batch sizes: tests make both small, so that a small history crosses their bounds. */
    Rebuild(DataSource dataSource, Serializer serializer, EventUpcaster upcasters, int pageSize, int batchRows) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.pageSize = pageSize;
        this.batchRows = batchRows;
    }

    /** One stored event, as the fold needs it. */
    record StoredEvent(long globalIndex, long aggregateSequence, long recordedAt, Object payload) {
    }

    /** Told every page how far the load has come; false stops the load. */
    interface Progress {
        boolean loaded(long position, long events);
    }

    /**
     * Loads {@code generation} with every event stored when it starts; returns that position (the caller catches up
     * with later ones). Members and funds are folded in the first pass over the store; pledges are split over as many
     * passes as keep each pass's open pledge rows under {@code pledgesPerPass}, by the last characters of their id,
     * so that memory stays bounded whatever the number of pledges. A pass reads only the events it folds: the database
     * picks them ({@link #passCondition}). Pages are read on a thread of their own and parsed on every core while this thread
     * folds the pages before them (ADR 0057).
     */
    long load(int generation, long pledgesPerPass, Progress progress) throws SQLException {
        ExecutorService reader = PreparedPages.threads("projection-rebuild-read", 1);
        ExecutorService parsers = PreparedPages.threads("projection-rebuild-parse",
                Runtime.getRuntime().availableProcessors());
        try (Connection read = dataSource.getConnection();
             BulkLoad out = BulkLoad.open(dataSource.getConnection(), batchRows)) {
            freshStatistics(read);
            read.setReadOnly(true);
            long head = count(read, "select coalesce(max(global_index), 0) from domain_event_entry");
            long pledges = count(read, "select count(*) from pledge_directory");
            int passes = (int) Math.max(1, (pledges + pledgesPerPass - 1) / pledgesPerPass);
            long events = 0;
            for (int pass = 0; pass < passes; pass++) {
                MemoryRows rows = new MemoryRows(out, generation);
                String query = pageQuery(pageSize, passCondition(pass, passes));
                try (PreparedPages<RawEvent, StoredEvent> pages = new PreparedPages<>(0, pageSize, PAGES_AHEAD,
                        after -> readPage(read, query, after, head), RawEvent::globalIndex, this::parse, reader,
                        parsers)) {
                    int sinceReport = 0;
                    for (StoredEvent event = pages.next(); event != null; event = pages.next()) {
                        rows.apply(event);
                        events++;
                        if (++sinceReport == pageSize) {
                            sinceReport = 0;
                            report(progress, generation, (pass * head + pages.position()) / passes, events);
                        }
                    }
                    report(progress, generation, (pass * head + pages.position()) / passes, events);
                }
                rows.finish();
                out.finish();
            }
            return head;
        } finally {
            reader.shutdownNow();
            parsers.shutdownNow();
        }
    }

    /** Pages parsed ahead of the fold: enough to keep every parser busy, and bounded. */
    private static final int PAGES_AHEAD = 4;

    private static void report(Progress progress, int generation, long position, long events) {
        if (!progress.loaded(position, events)) {
            throw new IllegalStateException("the rebuild of generation " + generation + " was taken over");
        }
    }


    /**
     * The events of one pass of {@code passes}, as a condition of the page query: the pledges whose id ends in
     * characters that fall to this pass, and, in the first pass, every event of another aggregate. The database
     * judges it, so a pass does not read, send or convert the rows of the other passes. The last two characters of an
     * id spread both time-ordered UUIDs and numbered ids evenly enough over a handful of passes.
     */
    static String passCondition(int pass, int passes) {
        if (passes == 1) {
            return "";
        }
        String share = "mod(coalesce(ascii(right(aggregate_identifier, 1)), 0) * 31 "
                + "+ coalesce(ascii(left(right(aggregate_identifier, 2), 1)), 0), " + passes + ") = " + pass;
        return " and (type = '" + PLEDGES + "' and " + share
                + (pass == 0 ? " or type <> '" + PLEDGES + "' or type is null" : "") + ")";
    }

    private static final String PLEDGES = "PledgeAggregate";

    /** One event row as stored, not yet parsed. */
    record RawEvent(long globalIndex, long aggregateSequence, String timeStamp, String payloadType,
                    String payloadRevision, byte[] payload) {
    }

    /** Every event after {@code after} up to {@code limit} of them, in global order. */
    List<StoredEvent> read(Connection connection, long after, int limit) throws SQLException {
        return parse(readRaw(connection, pageQuery(limit, ""), after, Long.MAX_VALUE, limit));
    }

    /** A page of the load, for the reader thread. */
    private List<RawEvent> readPage(Connection connection, String query, long after, long upTo) {
        try {
            return readRaw(connection, query, after, upTo, pageSize);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the event store failed after global index " + after, e);
        }
    }

    /**
     * PostgreSQL plans each page's query from the store's statistics. Until they are gathered again (by autovacuum,
     * if it runs), they miss the events appended since, so it takes a page's range for a few rows and reads and sorts
     * all of it: every page would read the rest of the store, which at a million events made a rebuild ten times
     * slower (ADR 0060). Analysing first makes each page read only itself. Without the right to analyse, PostgreSQL
     * only warns.
     */
    static void freshStatistics(Connection connection) throws SQLException {
        if (Databases.postgres(connection)) {
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("analyze domain_event_entry");
            }
        }
    }

    /**
     * The query of a page: the rows after one global index up to another that meet {@code condition} (empty, or
     * starting with {@code and}), the first {@code limit} of them.
     */
    static String pageQuery(int limit, String condition) {
        return "select global_index, sequence_number, time_stamp, payload_type, payload_revision, payload "
                + "from domain_event_entry where global_index > ? and global_index <= ?"
                + condition + " order by global_index"
                + (limit == Integer.MAX_VALUE ? "" : " fetch first " + limit + " rows only");
    }

    /** The rows of {@code sql} after {@code after} up to {@code upTo}, at most {@code limit}, in global order. */
    private static List<RawEvent> readRaw(Connection connection, String sql, long after, long upTo, int limit)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, after);
            query.setLong(2, upTo);
            query.setFetchSize(Math.min(limit, PAGE));
            try (ResultSet rs = query.executeQuery()) {
                List<RawEvent> rows = new ArrayList<>(Math.min(limit, PAGE));
                while (rs.next()) {
                    rows.add(new RawEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBytes(6)));
                }
                return rows;
            }
        }
    }

    /** The events of a page, parsed. */
    private List<StoredEvent> parse(List<RawEvent> page) {
        List<StoredEvent> events = new ArrayList<>(page.size());
        for (RawEvent raw : page) {
            events.add(new StoredEvent(raw.globalIndex(), raw.aggregateSequence(),
                    Instant.parse(raw.timeStamp()).toEpochMilli(),
                    payload(raw.payloadType(), raw.payloadRevision(), raw.payload())));
        }
        return events;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every event after {@code after}, through the caller's connection (for catching up inside a transaction). */
    List<StoredEvent> readAll(Connection connection, long after) throws SQLException {
        return read(connection, after, Integer.MAX_VALUE);
    }

    /**
     * The event as the event store would give it to an aggregate (ADR 0036): a payload of today's revision is read
     * straight by the serializer's reader; an older revision goes through the upcaster chain first.
     */
    private Object payload(String type, String revision, byte[] payload) {
        Optional<Class<?>> today = current.computeIfAbsent(type + '\u0000' + revision, key -> {
            SimpleSerializedType stored = new SimpleSerializedType(type, revision);
            Class<?> payloadClass = serializer.classForType(stored);
            return stored.equals(serializer.typeForClass(payloadClass)) ? Optional.of(payloadClass) : Optional.empty();
        });
        try {
            if (today.isPresent()) {
                return serializer instanceof StableNameSerializer stable ? stable.read(payload, today.get())
                        : serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
            }
            GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("", "", 0, "", Instant.EPOCH, type,
                    revision, payload, NO_METADATA);
            return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), serializer, upcasters).next()
                    .getPayload();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored event of type " + type + " revision " + revision
                    + " cannot be read", e);
        }
    }

    private static final byte[] NO_METADATA = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The fold's state in memory; closed rows go straight to the load, open ones at the end. */
    private static final class MemoryRows implements ProjectionFold.Rows {

        private final BulkLoad out;
        private final String members;
        private final String funds;
        private final String pledges;
        private final String figures;
        private final Map<String, FundState> latest = new HashMap<>();
        private final Map<String, List<Version>> open = new HashMap<>();
        /** Each pledge's figure starts, sorted: a few longs each, for the hundreds of thousands of pledges at 1M. */
        private final Map<String, long[]> figureStarts = new HashMap<>();
        private SQLException failure;

        private final MemberFold.Rows memberRows;
        private final FundFold.Rows fundRows;
        private final PledgeFold.Rows pledgeRows;

        MemoryRows(BulkLoad out, int generation) {
            this.out = out;
            this.members = name(MEMBER_VERSION, generation);
            this.funds = name(FUND_VERSION, generation);
            this.pledges = name(PLEDGE_VERSION, generation);
            this.figures = name(PLEDGE_FIGURE, generation);
            this.memberRows = row -> add(members, MemberFold.COLUMNS, row);
            this.fundRows = new FundFold.Rows() {
                @Override
                public FundState latest(String fundId) {
                    return latest.get(fundId);
                }

                @Override
                public void insert(FundState state, String json, long sequence, long recordedAt, long effectiveAt) {
                    latest.put(state.fundId, state);
                    add(funds, FundFold.COLUMNS, new Object[] {state.fundId, sequence, recordedAt, effectiveAt, json});
                }
            };
            this.pledgeRows = new PledgeFold.Rows() {
                @Override
                public List<Version> open(String pledgeId) {
                    return open.getOrDefault(pledgeId, List.of());
                }

                @Override
                public Long nextFigure(String pledgeId, long validFrom) {
                    long[] starts = figureStarts.get(pledgeId);
                    if (starts == null) {
                        return null;
                    }
                    int at = Arrays.binarySearch(starts, validFrom);
                    int next = at >= 0 ? at + 1 : -at - 1;
                    return next < starts.length ? starts[next] : null;
                }

                @Override
                public void close(Version row, long recordedTo) {
                    add(pledges, Version.COLUMNS, row.row(recordedTo));
                }

                @Override
                public void insert(Version row) {
                    // kept open in memory; written closed or, at the end, open
                }

                @Override
                public void openRows(String pledgeId, List<Version> rows) {
                    open.put(pledgeId, rows);
                }

                @Override
                public void figure(String pledgeId, long validFrom, long sequence) {
                    long[] starts = figureStarts.get(pledgeId);
                    if (starts == null) {
                        figureStarts.put(pledgeId, new long[] {validFrom});
                    } else if (Arrays.binarySearch(starts, validFrom) < 0) {
                        long[] more = Arrays.copyOf(starts, starts.length + 1);
                        more[starts.length] = validFrom;
                        Arrays.sort(more);
                        figureStarts.put(pledgeId, more);
                    }
                    add(figures, "pledge_id, valid_from, agg_seq", new Object[] {pledgeId, validFrom, sequence});
                }
            };
        }

        void apply(StoredEvent event) throws SQLException {
            ProjectionFold.apply(event.payload(), event.aggregateSequence(), event.recordedAt(), this);
            if (failure != null) {
                throw failure;
            }
        }

        void finish() throws SQLException {
            for (List<Version> rows : open.values()) {
                for (Version row : rows) {
                    add(pledges, Version.COLUMNS, row.row(PledgeFold.FOREVER));
                }
            }
            open.clear();
            figureStarts.clear();
            latest.clear();
            if (failure != null) {
                throw failure;
            }
        }

        private void add(String table, String columns, Object[] row) {
            if (failure != null) {
                return;
            }
            try {
                out.add(table, columns, row);
            } catch (SQLException e) {
                failure = e;
            }
        }

        @Override
        public MemberFold.Rows members() {
            return memberRows;
        }

        @Override
        public FundFold.Rows funds() {
            return fundRows;
        }

        @Override
        public PledgeFold.Rows pledges() {
            return pledgeRows;
        }
    }
}
