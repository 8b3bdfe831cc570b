package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.commitmentledger.environment.PostgresDatabase;
import org.commitmentledger.environment.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A rebuild reads the store page by page, in passes that each read their share of the pledges. On PostgreSQL a page's
 * query must read only its page, whatever the store's statistics said before the rebuild: with stale ones, the planner reads and sorts the rest of the store for every
 * page, which made a rebuild of a million events take minutes.
 */
@RequiresPostgres
class RebuildPagesOnPostgresTests {

    private final String schema = "rebuild_pages_" + Long.toHexString(System.nanoTime());
    private final PostgresDatabase db = PostgresDatabase.get();

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void aPageOfAStoreNeverAnalysedReadsOnlyThatPageOnceTheLoadFreshenedTheStatistics() throws Exception {
        SingleConnectionDataSource pg = new SingleConnectionDataSource(db.urlWithSchema(schema), db.user(),
                db.password(), true);
        try {
            Flyway.configure().dataSource(pg).schemas(schema).locations("classpath:db/migration/common",
                    "classpath:db/migration/postgresql").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(pg);
            jdbc.update("insert into domain_event_entry (global_index, event_identifier, payload, payload_type, "
                    + "time_stamp, aggregate_identifier, sequence_number, type) select g, 'event-' || g, "
                    + "convert_to('{}', 'UTF8'), 'x', '2026-01-01T00:00:00Z', 'aggregate-' || g, 0, 'T' "
                    + "from generate_series(1, 50000) g");

            try (Connection connection = pg.getConnection()) {
                Rebuild.freshStatistics(connection);
            }

            for (String condition : List.of("", Rebuild.passCondition(1, 4))) {
                String page = Rebuild.pageQuery(Rebuild.PAGE, condition).replace("> ?", "> 20000")
                        .replace("<= ?", "<= 50000");
                List<String> plan = jdbc.queryForList("explain " + page, String.class);
                assertThat(String.join("\n", plan)).as("the plan of a page in the middle of the store: %s", page)
                        .contains("Index Scan using domain_event_entry_pkey").doesNotContain("Sort");
            }
            assertThat(jdbc.queryForObject("select last_analyze is not null from pg_stat_user_tables "
                    + "where schemaname = ? and relname = 'domain_event_entry'", Boolean.class, schema)).isTrue();
        } finally {
            pg.destroy();
        }
    }
}
