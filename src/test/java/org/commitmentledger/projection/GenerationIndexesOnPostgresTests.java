package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.commitmentledger.environment.PostgresDatabase;
import org.commitmentledger.environment.RequiresPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * On PostgreSQL a generation's keys and indexes are built at once, each table's on a connection of its own. Every one
 * must exist afterwards, and a failing one must fail the index phase only once the others have ended, so that a
 * failed build can drop its tables with nothing still running on them.
 */
@RequiresPostgres
class GenerationIndexesOnPostgresTests {

    private static final List<String> INDEXES = List.of("ix_fund_version_time_g3", "ix_pledge_version_fund_g3",
            "ix_pledge_version_pledge_g3", "pk_fund_version_g3", "pk_member_version_g3", "pk_pledge_figure_g3");

    private final String schema = "gen_indexes_" + Long.toHexString(System.nanoTime());
    private JdbcTemplate jdbc;
    private GenerationTables tables;

    @BeforeEach
    void freshSchema() throws Exception {
        PostgresDatabase pg = PostgresDatabase.get();
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
        }
        jdbc = new JdbcTemplate(new DriverManagerDataSource(pg.urlWithSchema(schema), pg.user(), pg.password()));
        tables = new GenerationTables(jdbc);
        tables.createBare(3);
        jdbc.update("insert into member_version_g3 values ('DEU', 0, 1, 1, 'Germany', 16.1)");
        jdbc.update("insert into fund_version_g3 values ('fund-a', 0, 1, 1, '{}'), ('fund-a', 1, 2, 2, '{}')");
        jdbc.update("insert into pledge_version_g3 (pledge_id, fund_id, member, pledge_year, valid_from, valid_to, "
                + "recorded_from, recorded_to, amount, currency, eur_rate, eur_amount, disbursed_eur, status) values "
                + "('p-1', 'fund-a', 'DEU', 2024, 1, 9, 2, 9, 10, 'EUR', 1, 10, 0, 'ACTIVE')");
        jdbc.update("insert into pledge_figure_g3 values ('p-1', 1, 0)");
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = PostgresDatabase.get().connect(); Statement st = c.createStatement()) {
            st.execute("drop schema " + schema + " cascade");
        }
    }

    @Test
    void everyKeyAndIndexOfTheGenerationIsBuilt() {
        tables.index(3);

        assertThat(indexes()).containsExactlyElementsOf(INDEXES);
        assertThat(jdbc.queryForList("select conname from pg_constraint where contype = 'p' and "
                + "connamespace = ?::regnamespace order by conname", String.class, schema))
                .containsExactly("pk_fund_version_g3", "pk_member_version_g3", "pk_pledge_figure_g3");
    }

    @Test
    void aFailingKeyFailsTheIndexPhaseOnceTheOtherTablesAreIndexed() {
        jdbc.update("insert into pledge_figure_g3 values ('p-1', 5, 0)");

        assertThatThrownBy(() -> tables.index(3)).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("pk_pledge_figure_g3");
        assertThat(indexes()).containsExactlyElementsOf(INDEXES.stream()
                .filter(index -> !index.equals("pk_pledge_figure_g3")).toList());
    }

    private List<String> indexes() {
        return jdbc.queryForList("select indexname from pg_indexes where schemaname = ? order by indexname",
                String.class, schema);
    }
}
