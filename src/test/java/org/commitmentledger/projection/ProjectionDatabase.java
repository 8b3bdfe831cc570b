package org.commitmentledger.projection;

import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.commitmentledger.read.ProjectionTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh in-memory H2 database with the application's own Flyway schema, for projection handler tests that call
 * the handlers directly: no Spring context, no Axon.
 */
public final class ProjectionDatabase {

    private ProjectionDatabase() {
    }

    public static JdbcTemplate create() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:projections-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        GenerationTables tables = new GenerationTables(jdbc);
        tables.createBare(1);
        tables.index(1);
        jdbc.update("update projection_state set live_generation = 1 where id = 1");
        return jdbc;
    }

    /** The live generation's tables, as the reads see them. */
    public static ProjectionTables tables(JdbcTemplate jdbc) {
        return new ProjectionTables(jdbc);
    }

    /** The write path's driver of the fold, called directly: what a command's transaction does. */
    public static Live live(JdbcTemplate jdbc) {
        return new Live(jdbc);
    }

    /** Applies events to the live generation as the write path does. */
    public static final class Live {

        private final JdbcTemplate jdbc;

        Live(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public void on(Object event, long aggregateSequence, Instant recordedAt) {
            ProjectionFold.apply(event, aggregateSequence, recordedAt.toEpochMilli(), new SqlRows(jdbc, 1));
        }

        /** For events whose aggregate sequence the fold does not use. */
        public void on(Object event, Instant recordedAt) {
            on(event, -1, recordedAt);
        }

        /** Empties the live generation, as a rebuild starts from nothing. */
        public void reset() {
            for (String base : GenerationTables.BASES) {
                jdbc.update("delete from " + ProjectionTables.name(base, 1));
            }
        }
    }

    /** Midnight UTC of an ISO date, or an ISO instant as it is. */
    public static Instant at(String text) {
        return text.length() == 10 ? Instant.parse(text + "T00:00:00Z") : Instant.parse(text);
    }
}
