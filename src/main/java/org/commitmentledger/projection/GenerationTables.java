package org.commitmentledger.projection;

import static org.commitmentledger.read.ProjectionTables.FUND_VERSION;
import static org.commitmentledger.read.ProjectionTables.MEMBER_VERSION;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_FIGURE;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_VERSION;
import static org.commitmentledger.read.ProjectionTables.name;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commitmentledger.kernel.Databases;
import org.commitmentledger.kernel.PreparedPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of one projection generation (ADR 0005 for their meaning, ADR 0020 for generations). A rebuild creates
 * them bare, loads them, and only then adds keys and indexes, which both databases build far faster from sorted runs
 * than row by row.
 */
final class GenerationTables {

    static final List<String> BASES = List.of(MEMBER_VERSION, FUND_VERSION, PLEDGE_VERSION, PLEDGE_FIGURE);
    private static final Pattern GENERATION = Pattern.compile("(?:member_version|fund_version|pledge_version|"
            + "pledge_figure)_g([0-9]+)");

    private static final Logger LOG = LoggerFactory.getLogger(GenerationTables.class);

    private final JdbcTemplate jdbc;

    GenerationTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the tables of {@code generation} without keys or indexes (drops leftovers of a crashed build). */
    void createBare(int generation) {
        drop(generation);
        // Times are epoch milliseconds; 9223372036854775807 is "until further notice".
        jdbc.execute("create table " + name(MEMBER_VERSION, generation) + " (code varchar(3) not null, "
                + "agg_seq bigint not null, recorded_at bigint not null, effective_at bigint not null, "
                + "name varchar(2000) not null, cost_share decimal(9, 4) not null)");
        jdbc.execute("create table " + name(FUND_VERSION, generation) + " (fund_id varchar(64) not null, "
                + "agg_seq bigint not null, recorded_at bigint not null, effective_at bigint not null, "
                + "state varchar(1000000) not null)");
        // Valid time [valid_from, valid_to) as recorded during [recorded_from, recorded_to). Open rows of one pledge
        // (recorded_to = ∞) never overlap in valid time, so (pledge_id, valid_from) names an open row.
        jdbc.execute("create table " + name(PLEDGE_VERSION, generation) + " (pledge_id varchar(64) not null, "
                + "fund_id varchar(64) not null, member varchar(3) not null, pledge_year integer not null, "
                + "valid_from bigint not null, valid_to bigint not null, recorded_from bigint not null, "
                + "recorded_to bigint not null, amount decimal(30, 6) not null, currency varchar(3) not null, "
                + "eur_rate decimal(20, 10) not null, eur_amount decimal(24, 2) not null, "
                + "disbursed_eur decimal(24, 2) not null, status varchar(16) not null, "
                + "kind varchar(16) default 'MONEY' not null, description varchar(500))");
        jdbc.execute("create table " + name(PLEDGE_FIGURE, generation) + " (pledge_id varchar(64) not null, "
                + "valid_from bigint not null, agg_seq bigint not null)");
    }

    /**
     * Adds the keys and indexes the reads and the live fold use. On PostgreSQL the tables' statements run at once,
     * each group on a connection of its own: a {@code CREATE INDEX} there locks only its table, and two of them on the
     * same table do not conflict. H2 holds one lock over its whole catalogue while it builds an index, so there they
     * run one after another (ADR 0059).
     */
    void index(int generation) {
        List<List<String>> groups = indexStatements(generation);
        if (!jdbc.execute((ConnectionCallback<Boolean>) Databases::postgres)) {
            groups.forEach(group -> group.forEach(this::execute));
            return;
        }
        ExecutorService builders = PreparedPages.threads("projection-rebuild-index", groups.size());
        try {
            // allOf ends once every group has, so no statement still runs when a failed build drops its tables
            CompletableFuture.allOf(groups.stream()
                    .map(group -> CompletableFuture.runAsync(() -> group.forEach(this::execute), builders))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("an index of generation " + generation + " failed", e.getCause());
        } finally {
            builders.shutdown();
        }
    }

    /** The index phase's statements, in groups that must run in order (a key locks its whole table). */
    private static List<List<String>> indexStatements(int generation) {
        String g = "_g" + generation;
        String members = name(MEMBER_VERSION, generation);
        String funds = name(FUND_VERSION, generation);
        String pledges = name(PLEDGE_VERSION, generation);
        String figures = name(PLEDGE_FIGURE, generation);
        return List.of(
                List.of("alter table " + members + " add constraint pk_member_version" + g
                        + " primary key (code, agg_seq)"),
                List.of("alter table " + funds + " add constraint pk_fund_version" + g
                        + " primary key (fund_id, agg_seq)",
                        "create index ix_fund_version_time" + g + " on " + funds
                                + " (fund_id, recorded_at, effective_at)"),
                List.of("create index ix_pledge_version_pledge" + g + " on " + pledges
                        + " (pledge_id, recorded_to, valid_from)"),
                // covers the fund's sums (totals, by member, by kind): a fund's entries lie together in the index,
                // while its rows lie wherever their pledges' events put them, one page each at a million events
                // (ADR 0055)
                List.of("create index ix_pledge_version_fund" + g + " on " + pledges
                        + " (fund_id, recorded_to, recorded_from, valid_from, valid_to, member, kind, status, "
                        + "eur_amount, disbursed_eur)"),
                List.of("alter table " + figures + " add constraint pk_pledge_figure" + g
                        + " primary key (pledge_id, agg_seq)"));
    }

    /** Runs one statement of the index phase, logging how long it took: the phase is most of a large rebuild. */
    private void execute(String ddl) {
        long started = System.nanoTime();
        jdbc.execute(ddl);
        LOG.debug("{}: {} ms", ddl, (System.nanoTime() - started) / 1_000_000);
    }

    void drop(int generation) {
        for (String base : BASES) {
            jdbc.execute("drop table if exists " + name(base, generation));
        }
    }

    /** Every generation that has at least one table in the database. */
    TreeSet<Integer> existing() {
        TreeSet<Integer> generations = new TreeSet<>();
        for (String table : jdbc.queryForList("select table_name from information_schema.tables "
                + "where table_schema = current_schema", String.class)) {
            Matcher m = GENERATION.matcher(table.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                generations.add(Integer.parseInt(m.group(1)));
            }
        }
        return generations;
    }
}
