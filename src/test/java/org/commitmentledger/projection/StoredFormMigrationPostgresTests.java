package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.audit.api.HashChain;
import org.commitmentledger.environment.PostgresDatabase;
import org.commitmentledger.environment.RequiresPostgres;
import org.commitmentledger.eventlog.FeedEntries;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migrations of stable names (V75) and pledge kinds (V76) on PostgreSQL, over the events, snapshots and
 * projection rows of the frozen old store (ADR 0035, ADR 0037): the type columns change, no payload byte does, the
 * hash chain recomputed over the migrated rows still ends in the digest kept then, and the pledge rows of the existing
 * generation are all money. The H2 file side runs in OldStoreOpenedByNewCodeTests.
 */
@RequiresPostgres
class StoredFormMigrationPostgresTests {

    private static final String SCHEMA = "stored_form_" + Long.toHexString(System.nanoTime());
    /** pledge_version_g1 as the release before kinds created it. */
    private static final String OLD_PLEDGE_VERSION = "create table pledge_version_g1 (pledge_id varchar(64) not null, "
            + "fund_id varchar(64) not null, member varchar(3) not null, pledge_year integer not null, "
            + "valid_from bigint not null, valid_to bigint not null, recorded_from bigint not null, "
            + "recorded_to bigint not null, amount decimal(30, 6) not null, currency varchar(3) not null, "
            + "eur_rate decimal(20, 10) not null, eur_amount decimal(24, 2) not null, "
            + "disbursed_eur decimal(24, 2) not null, status varchar(16) not null)";

    private final PostgresDatabase db = PostgresDatabase.get();

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = db.connect()) {
            c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void renamesTheStoredTypesWithoutChangingAPayloadByteOrTheChainAndGivesOldPledgeRowsTheirKind() throws Exception {
        SingleConnectionDataSource pg = new SingleConnectionDataSource(db.urlWithSchema(SCHEMA), db.user(),
                db.password(), true);
        Flyway.configure().dataSource(pg).schemas(SCHEMA).locations("classpath:db/migration/common",
                "classpath:db/migration/postgresql").target("50").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(pg);
        jdbc.execute(OLD_PLEDGE_VERSION);

        Path dir = Path.of("target", "test-db", "old-store-pg-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        try (InputStream in = getClass().getResourceAsStream("/old-store/ledger.mv.db")) {
            Files.copy(in, dir.resolve("ledger.mv.db"));
        }
        List<byte[]> payloadsBefore;
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "")) {
            for (String table : List.of("domain_event_entry", "snapshot_event_entry", "pledge_version_g1")) {
                copy(h2, jdbc, table);
            }
            payloadsBefore = new JdbcTemplate(new SingleConnectionDataSource(h2, true)).queryForList(
                    "select payload from domain_event_entry order by global_index", byte[].class);
        }
        assertThat(jdbc.queryForList("select distinct payload_type from domain_event_entry", String.class))
                .allMatch(type -> type.startsWith("org.commitmentledger."));

        Flyway.configure().dataSource(pg).schemas(SCHEMA).locations("classpath:db/migration/common",
                "classpath:db/migration/postgresql").javaMigrations(new PledgeKindColumns()).load().migrate();

        assertThat(jdbc.queryForList("select distinct payload_type from domain_event_entry order by payload_type",
                String.class)).containsExactly("DecisionRoundConcluded", "FundAmended", "FundProposed",
                "MemberOptedOut", "MemberRegistered", "MemberRevised", "ObjectionRaised", "ObjectionWithdrawn",
                "PledgeDisbursed", "PledgeMade", "PledgeRevised", "PledgeWithdrawn");
        assertThat(jdbc.queryForList("select distinct payload_type from snapshot_event_entry order by payload_type",
                String.class)).containsExactly("FundSnapshot", "MemberSnapshot", "PledgeSnapshot");
        assertThat(jdbc.queryForList("select payload from domain_event_entry order by global_index", byte[].class))
                .containsExactlyElementsOf(payloadsBefore);

        String head = HashChain.GENESIS;
        for (Map<String, Object> row : jdbc.queryForList("select global_index, payload_type, time_stamp, payload, "
                + "meta_data from domain_event_entry order by global_index")) {
            head = HashChain.next(head, FeedEntries.of(((Number) row.get("global_index")).longValue(),
                    (String) row.get("payload_type"), (String) row.get("time_stamp"), (byte[]) row.get("payload"),
                    (byte[]) row.get("meta_data")));
        }
        JsonNode digest;
        try (InputStream in = getClass().getResourceAsStream("/old-store/digest.json")) {
            digest = new ObjectMapper().readTree(in);
        }
        assertThat(head).isEqualTo(digest.get("head").asText());

        assertThat(jdbc.queryForList("select distinct kind from pledge_version_g1", String.class))
                .containsExactly("MONEY");
        assertThat(jdbc.queryForObject("select count(*) from pledge_version_g1 where description is not null",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from pledge_version_g1", Long.class)).isPositive();
    }

    /** Every row of {@code table}, column by column, from the old H2 store into PostgreSQL. */
    private static void copy(Connection h2, JdbcTemplate pg, String table) throws Exception {
        try (PreparedStatement query = h2.prepareStatement("select * from " + table); ResultSet rs = query.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            String insert = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            while (rs.next()) {
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getObject(i + 1);
                }
                pg.update(insert, values);
            }
        }
    }
}
