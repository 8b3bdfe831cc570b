package org.commitmentledger.projection;

import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
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
        return new JdbcTemplate(dataSource);
    }

    /** Midnight UTC of an ISO date, or an ISO instant as it is. */
    public static Instant at(String text) {
        return text.length() == 10 ? Instant.parse(text + "T00:00:00Z") : Instant.parse(text);
    }
}
