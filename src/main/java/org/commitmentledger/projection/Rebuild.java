package org.commitmentledger.projection;

import static org.commitmentledger.support.ProjectionTables.FUND_VERSION;
import static org.commitmentledger.support.ProjectionTables.MEMBER_VERSION;
import static org.commitmentledger.support.ProjectionTables.PLEDGE_FIGURE;
import static org.commitmentledger.support.ProjectionTables.PLEDGE_VERSION;
import static org.commitmentledger.support.ProjectionTables.name;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.commitmentledger.config.EventJson;
import org.commitmentledger.fund.query.FundFold;
import org.commitmentledger.fund.query.FundState;
import org.commitmentledger.member.query.MemberFold;
import org.commitmentledger.pledge.query.PledgeFold;
import org.commitmentledger.pledge.query.PledgeFold.Version;

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
    private final ObjectMapper mapper = EventJson.mapper();
    private final Map<String, Class<?>> types = new HashMap<>();

    Rebuild(DataSource dataSource, Serializer serializer) {
        this.dataSource = dataSource;
        this.serializer = serializer;
    }

    /** One stored event, as the fold needs it. */
    record StoredEvent(long globalIndex, long aggregateSequence, long recordedAt, Object payload) {
    }

    /** Told every page how far the load has come; false stops the load. */
    interface Progress {
        boolean loaded(long position, long events);
    }

    /** Loads {@code generation} with every event stored now (and any appended while it reads); returns the position. */
    long load(int generation, Progress progress) throws SQLException {
        long position = 0;
        long events = 0;
        try (Connection read = dataSource.getConnection(); BulkLoad out = BulkLoad.open(dataSource.getConnection())) {
            read.setReadOnly(true);
            MemoryRows rows = new MemoryRows(out, generation);
            while (true) {
                List<StoredEvent> page = read(read, position, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (StoredEvent event : page) {
                    rows.apply(event);
                }
                position = page.get(page.size() - 1).globalIndex();
                events += page.size();
                if (!progress.loaded(position, events)) {
                    throw new IllegalStateException("the rebuild of generation " + generation + " was taken over");
                }
            }
            rows.finish();
            out.finish();
        }
        return position;
    }

    /** Up to {@code limit} events after {@code after}, in global order. */
    List<StoredEvent> read(Connection connection, long after, int limit) throws SQLException {
        boolean all = limit == Integer.MAX_VALUE;
        try (PreparedStatement query = connection.prepareStatement("select global_index, sequence_number, time_stamp, "
                + "payload_type, payload_revision, payload from domain_event_entry where global_index > ? "
                + "order by global_index" + (all ? "" : " fetch first " + limit + " rows only"))) {
            query.setLong(1, after);
            query.setFetchSize(Math.min(limit, PAGE));
            try (ResultSet rs = query.executeQuery()) {
                List<StoredEvent> events = new java.util.ArrayList<>(Math.min(limit, PAGE));
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getLong(2), Instant.parse(rs.getString(3))
                            .toEpochMilli(), payload(rs.getString(4), rs.getString(5), rs.getBytes(6))));
                }
                return events;
            }
        }
    }

    /** Every event after {@code after}, through the caller's connection (for catching up inside a transaction). */
    List<StoredEvent> readAll(Connection connection, long after) throws SQLException {
        return read(connection, after, Integer.MAX_VALUE);
    }

    private Object payload(String type, String revision, byte[] payload) {
        Class<?> payloadClass = types.get(type);
        if (payloadClass == null) {
            payloadClass = serializer.classForType(new SimpleSerializedType(type, revision));
            types.put(type, payloadClass);
        }
        try {
            return mapper.readValue(payload, payloadClass);
        } catch (IOException e) {
            throw new IllegalStateException("stored event of type " + type + " cannot be read", e);
        }
    }

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
