package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.audit.api.HashChain;
import org.commitmentledger.security.api.Actor;
import org.commitmentledger.eventlog.EventJson;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Nothing recorded is lost when the service stops: a second start on the same database file finds every event with
 * the same sequence and the same hash. Starts its own application twice, outside the shared test context.
 */
class RestartIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String databaseUrl = "jdbc:h2:file:./target/test-db/restart-" + UUID.randomUUID()
            + ";DB_CLOSE_ON_EXIT=FALSE";

    /**
     * Starts the application on {@link #databaseUrl}. The settings go in as command-line arguments: given as
     * {@code properties(...)} they would be defaults, overridden by application.yml's ./data/ledger.
     */
    private ConfigurableApplicationContext start(String... more) {
        String[] args = Stream.concat(Stream.of("--server.port=0", "--spring.datasource.url=" + databaseUrl),
                Arrays.stream(more)).toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerApplication.class).run(args);
        assertThat(app.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(databaseUrl);
        return app;
    }

    private static JsonNode send(ConfigurableApplicationContext app, String method, String path, String body,
                                 int expectedStatus) throws Exception {
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("secretariat:secretariat".getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    /** Every stored event with its sequence, place in its aggregate, type and chained hash, in global order. */
    private static List<String> storedEvents(ConfigurableApplicationContext app) {
        return storedEvents(app.getBean(JdbcTemplate.class));
    }

    private static List<String> storedEvents(JdbcTemplate jdbc) {
        return jdbc.query("select d.global_index, d.aggregate_identifier, "
                        + "d.sequence_number, d.payload_type, c.hash from domain_event_entry d "
                        + "join event_chain c on c.global_index = d.global_index order by d.global_index",
                (rs, i) -> rs.getLong(1) + " " + rs.getString(2) + "#" + rs.getLong(3) + " " + rs.getString(4)
                        + " " + rs.getString(5).trim());
    }

    @Test
    void findsEveryEventWithItsSequenceAndHashAfterARestart() throws Exception {
        List<String> before;
        long pledgeSequence;
        String pledgeId;
        try (ConfigurableApplicationContext first = start()) {
            send(first, "PUT", "/api/members/DEU",
                    "{\"name\":\"Germany\",\"costShare\":\"27.5\",\"effectiveAt\":\"2000-01-01T00:00:00Z\"}", 201);
            send(first, "POST", "/api/funds", """
                    {"fundId":"restart-fund","name":"Restart","targetEur":"1000","periodStart":"2025-01-01",
                     "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z",
                     "effectiveAt":"2024-04-02T00:00:00Z"}""", 201);
            JsonNode pledge = send(first, "POST", "/api/pledges", """
                    {"fundId":"restart-fund","member":"DEU","amount":"250","currency":"USD","eurRate":"0.9",
                     "year":2025,"effectiveAt":"2024-05-01T00:00:00Z"}""", 201);
            pledgeId = pledge.get("pledgeId").asText();
            pledgeSequence = pledge.get("sequence").asLong();
            before = storedEvents(first);
        }
        assertThat(before).hasSize(3);
        assertThat(before.get(2)).startsWith(pledgeSequence + " " + pledgeId + "#0 ");

        try (ConfigurableApplicationContext second = start()) {
            assertThat(storedEvents(second)).containsExactlyElementsOf(before);
            JsonNode verified = send(second, "GET", "/api/audit/verify", null, 200);
            assertThat(verified.get("valid").asBoolean()).as("%s", verified).isTrue();
            assertThat(verified.get("headSequence").asLong()).isEqualTo(pledgeSequence);

            // the restarted ledger goes on from the stored state: the pledge's rules and the chain still hold
            JsonNode disbursed = send(second, "POST", "/api/pledges/" + pledgeId + "/disbursements", """
                    {"amount":"250","currency":"USD","eurRate":"0.9","reference":"after restart",
                     "effectiveAt":"2024-06-01T00:00:00Z"}""", 200);
            assertThat(disbursed.get("sequence").asLong()).isGreaterThan(pledgeSequence);
            send(second, "POST", "/api/funds", """
                    {"fundId":"restart-fund","name":"Again","targetEur":"1","periodStart":"2025-01-01",
                     "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z"}""", 409);
            assertThat(send(second, "GET", "/api/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
            assertThat(storedEvents(second)).hasSize(4).startsWith(before.toArray(String[]::new));
        }
    }

    /**
     * A ledger whose store predates V40 (payloads as H2 BLOBs) and V41 (projection generations), written as the
     * release of that time wrote it: the current code opens it, keeps every event and hash, moves payloads inline and
     * builds its first projection generation from the stored events before it serves.
     */
    @Test
    void keepsEveryEventAndHashWhenPayloadsMoveInlineAndBuildsItsProjectionsFromTheStore() throws Exception {
        DriverManagerDataSource old = new DriverManagerDataSource(databaseUrl, "sa", "");
        Flyway.configure().dataSource(old).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .target("30").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(old);
        assertThat(jdbc.queryForList("select data_type from information_schema.columns where table_name = "
                + "'DOMAIN_EVENT_ENTRY' and column_name in ('PAYLOAD', 'META_DATA')", String.class))
                .isNotEmpty().allMatch("BINARY LARGE OBJECT"::equals);
        String head = HashChain.GENESIS;
        head = storeOld(jdbc, head, 1, "MemberAggregate", "FRA", new MemberRegisteredEvent("FRA", "France",
                new BigDecimal("10"), Instant.parse("2000-01-01T00:00:00Z")));
        head = storeOld(jdbc, head, 2, "FundAggregate", "blob-fund", new FundProposedEvent("blob-fund", "Blob", 1,
                new BigDecimal("1000.00"), LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"),
                Instant.parse("2024-07-01T00:00:00Z"), Instant.parse("2024-04-02T00:00:00Z")));
        jdbc.update("update chain_head set last_sequence = 2, head = ? where id = 1", head);
        List<String> before = storedEvents(jdbc);

        try (ConfigurableApplicationContext migrated = start()) {
            assertThat(columnTypes(migrated)).isNotEmpty().allMatch("BINARY VARYING"::equals);
            // the same events with the same hashes, now under their stable names (V75, ADR 0035)
            assertThat(storedEvents(migrated.getBean(JdbcTemplate.class))).containsExactlyElementsOf(before.stream()
                    .map(row -> row.replace("org.commitmentledger.member.api.MemberRegisteredEvent", "MemberRegistered")
                            .replace("org.commitmentledger.fund.api.FundProposedEvent", "FundProposed")).toList());
            assertThat(send(migrated, "GET", "/api/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
            // the events stored before the Merkle tree (V50) get their leaves after the start (ADR 0021)
            JsonNode verified = null;
            for (int i = 0; i < 200 && (verified == null || verified.get("treeSize").asInt() < before.size()); i++) {
                Thread.sleep(50);
                verified = send(migrated, "GET", "/api/audit/verify", null, 200);
            }
            assertThat(verified.get("valid").asBoolean()).as("%s", verified).isTrue();
            assertThat(verified.get("treeSize").asInt()).as("%s", verified).isEqualTo(before.size());
            assertThat(send(migrated, "GET", "/api/funds/blob-fund", null, 200).get("targetEur").asText())
                    .isEqualTo("1000.00");
            assertThat(send(migrated, "GET", "/api/members/FRA", null, 200).get("costShare").asText())
                    .isEqualTo("10");
        }
    }

    /** One event as the JPA engine stored it then, with its chain link; returns the new head. */
    private static String storeOld(JdbcTemplate jdbc, String previous, long globalIndex, String aggregateType,
                                   String aggregate, Object event) throws Exception {
        String timestamp = Instant.parse("2024-05-01T00:00:00Z").plusSeconds(globalIndex).toString();
        byte[] payload = EventJson.mapper().writeValueAsBytes(event);
        byte[] metaData = EventJson.mapper().writeValueAsBytes(java.util.Map.of(Actor.METADATA_KEY,
                new Actor("secretariat", "SECRETARIAT").asMetadata()));
        jdbc.update("insert into domain_event_entry (global_index, event_identifier, meta_data, payload, "
                + "payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type) "
                + "values (?, ?, ?, ?, '1', ?, ?, ?, 0, ?)", globalIndex, UUID.randomUUID().toString(), metaData,
                payload, event.getClass().getName(), timestamp, aggregate, aggregateType);
        String hash = HashChain.next(previous, FeedEntries.of(globalIndex, event.getClass().getName(), timestamp,
                payload, metaData));
        jdbc.update("insert into event_chain (global_index, hash) values (?, ?)", globalIndex, hash);
        jdbc.update("alter sequence domain_event_entry_seq restart with " + (globalIndex + 1));
        return hash;
    }

    private static List<String> columnTypes(ConfigurableApplicationContext app) {
        return app.getBean(JdbcTemplate.class).queryForList("select data_type from information_schema.columns "
                + "where table_name in ('DOMAIN_EVENT_ENTRY', 'SNAPSHOT_EVENT_ENTRY', 'TOKEN_ENTRY') "
                + "and column_name in ('PAYLOAD', 'META_DATA', 'TOKEN')", String.class);
    }
}
