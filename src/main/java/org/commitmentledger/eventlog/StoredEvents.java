package org.commitmentledger.eventlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.commitmentledger.kernel.Instants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Reads events straight from Axon's event table and shows them as feed entries: the raw record, no projection in
 * between. The same mapping feeds the hash chain, so what an auditor sees is exactly what is hashed.
 */
@Component
public class StoredEvents {

    static final String COLUMNS = "select global_index, payload_type, time_stamp, payload, meta_data, "
            + "aggregate_identifier, sequence_number from domain_event_entry ";

    private final JdbcTemplate jdbc;

    StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * asOf for a read in global order, written so that no index can answer it (time_stamp is never null): given
     * {@code time_stamp <= ?}, H2 planned a page of the feed on the time index, which read every event recorded by
     * asOf after the page's start (a second at a million events); the primary key gives the page in order.
     */
    private static final String RECORDED_BY = "(time_stamp <= ? or time_stamp is null) ";

    /** The global feed: events after {@code after}, at most {@code limit}, recorded by {@code asOf}. */
    public List<FeedEntry> page(long after, int limit, Instant asOf) {
        return jdbc.query(COLUMNS + "where global_index > ? and " + RECORDED_BY + "order by global_index "
                + "fetch first ? rows only", (rs, i) -> entry(rs), after, Instants.render(asOf), limit);
    }

    /** Whether some event recorded by {@code asOf} follows {@code sequence}. */
    public boolean anyAfter(long sequence, Instant asOf) {
        Integer found = jdbc.queryForObject("select count(*) from (select 1 from domain_event_entry where "
                + "global_index > ? and " + RECORDED_BY + "fetch first 1 rows only) t", Integer.class, sequence,
                Instants.render(asOf));
        return found != null && found > 0;
    }

    /**
     * A fund's events and its pledges', each part found through the aggregate index: the fund's own by its id, the
     * pledges' by joining the directory's entries of the fund. As one condition, H2 planned badly either way:
     * {@code aggregate_identifier = ? or aggregate_identifier in (select …)} on the time index, reading every event
     * recorded by asOf (seconds per read at a million events); {@code aggregate_identifier in (select … union all
     * select ?)} by running the union again for every event it looked at (minutes for a fund of 10,000 events).
     * {@code %s} is the further condition on the events, after asOf; the parameters are the fund, asOf, the further
     * condition's, then the fund, asOf and the further condition's again.
     */
    private static final String FUND_EVENTS = COLUMNS + "where aggregate_identifier = ? and time_stamp <= ? %s"
            + "union all select e.global_index, e.payload_type, e.time_stamp, e.payload, e.meta_data, "
            + "e.aggregate_identifier, e.sequence_number from pledge_directory d join domain_event_entry e "
            + "on e.aggregate_identifier = d.pledge_id where d.fund_id = ? and e.time_stamp <= ? %s";

    /** What {@link #ofFund(String, Instant)} runs; its parameters: the fund and asOf, twice. */
    static final String ALL_FUND_EVENTS = FUND_EVENTS.formatted("", "") + "order by global_index";

    /** Events of one aggregate (a fund also with its pledges') in record order. */
    public List<FeedEntry> ofFund(String fundId, Instant asOf) {
        String recorded = Instants.render(asOf);
        return jdbc.query(ALL_FUND_EVENTS, (rs, i) -> entry(rs), fundId, recorded, fundId, recorded);
    }

    private static final String FUND_EVENTS_PAGE = FUND_EVENTS.formatted("and global_index > ? ",
            "and e.global_index > ? ") + "order by global_index fetch first ? rows only";

    /** One page of {@link #ofFund(String, Instant)}: events after global sequence {@code after}, at most {@code limit}. */
    public List<FeedEntry> ofFund(String fundId, Instant asOf, long after, int limit) {
        String recorded = Instants.render(asOf);
        return jdbc.query(FUND_EVENTS_PAGE, (rs, i) -> entry(rs), fundId, recorded, after, fundId, recorded, after,
                limit);
    }

    /** One page of {@link #ofAggregate(String, Instant)}: events after global sequence {@code after}. */
    public List<FeedEntry> ofAggregate(String aggregateId, Instant asOf, long after, int limit) {
        return jdbc.query(COLUMNS + "where aggregate_identifier = ? and time_stamp <= ? and global_index > ? "
                + "order by global_index fetch first ? rows only", (rs, i) -> entry(rs), aggregateId,
                Instants.render(asOf), after, limit);
    }

    public List<FeedEntry> ofAggregate(String aggregateId, Instant asOf) {
        return jdbc.query(COLUMNS + "where aggregate_identifier = ? and time_stamp <= ? order by global_index",
                (rs, i) -> entry(rs), aggregateId, Instants.render(asOf));
    }

    public boolean exists(String aggregateId) {
        Integer found = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = 0", Integer.class, aggregateId);
        return found != null && found > 0;
    }

    /** The newest global sequence recorded by {@code asOf}; 0 if none. */
    public long lastSequence(Instant asOf) {
        // the newest event recorded by asOf: one step down the (time_stamp, global_index) index, not a range scan
        List<Long> last = jdbc.queryForList("select global_index from domain_event_entry where time_stamp <= ? "
                + "order by time_stamp desc, global_index desc fetch first 1 rows only", Long.class,
                Instants.render(asOf));
        return last.isEmpty() ? 0 : last.get(0);
    }

    /** Streams every stored event in global order, in constant memory, from {@code after} on. */
    public void forEach(long after, Consumer<FeedEntry> consumer) {
        jdbc.query(con -> {
            var statement = con.prepareStatement(COLUMNS + "where global_index > ? order by global_index");
            statement.setFetchSize(500);
            statement.setLong(1, after);
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(entry(rs)));
    }

    static FeedEntry entry(ResultSet rs) throws SQLException {
        return FeedEntries.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5),
                rs.getString(6), rs.getLong(7));
    }

}
