package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store in src/test/resources/old-store was written by the release before stable names and pledge kinds
 * (src/test/old-store/make.sh, ADR 0038), with every event type, snapshots and a signed checkpoint. Today's code opens
 * a copy of it: Flyway renames the stored types and gives the projections their new columns, and then every read
 * answers as it did then (plus the new fields), the digest and checkpoint kept then still verify, a rebuild answers the
 * same, and new in-kind pledges go on after the old events. Starts its own node, outside the shared test context.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OldStoreOpenedByNewCodeTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "/old-store/";
    private static final List<String> READS = List.of("members", "member-DEU", "member-DEU-before-revision", "funds",
            "fund", "fund-in-july", "fair-shares", "position-DEU", "position-FRA", "position-POL", "rounds",
            "timeline", "fund-history", "pledge-DEU", "pledge-FRA", "pledge-POL", "pledge-DEU-history", "events");

    private static ConfigurableApplicationContext node;
    private static int port;
    private static JsonNode store;
    private static Map<String, String> paths;

    @BeforeAll
    static void openTheOldStore() throws IOException {
        Path dir = Path.of("target", "test-db", "old-store-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        copy("ledger.mv.db", dir);
        copy("checkpoint-signing-key.pem", dir);
        store = resource("store.json");
        String asOf = "asOf=" + store.get("asOf").asText();
        JsonNode pledges = store.get("pledges");
        String deu = pledges.get("DEU").asText();
        paths = Map.ofEntries(Map.entry("members", "/api/members?" + asOf),
                Map.entry("member-DEU", "/api/members/DEU?" + asOf),
                Map.entry("member-DEU-before-revision", "/api/members/DEU?" + asOf
                        + "&effectiveAt=2024-02-01T00:00:00Z"),
                Map.entry("funds", "/api/funds?" + asOf),
                Map.entry("fund", "/api/funds/ukraine-fund?" + asOf),
                Map.entry("fund-in-july", "/api/funds/ukraine-fund?" + asOf + "&effectiveAt=2024-07-31T00:00:00Z"),
                Map.entry("fair-shares", "/api/funds/ukraine-fund/fair-shares?" + asOf),
                Map.entry("position-DEU", "/api/funds/ukraine-fund/members/DEU?" + asOf),
                Map.entry("position-FRA", "/api/funds/ukraine-fund/members/FRA?" + asOf),
                Map.entry("position-POL", "/api/funds/ukraine-fund/members/POL?" + asOf),
                Map.entry("rounds", "/api/funds/ukraine-fund/rounds?" + asOf),
                Map.entry("timeline", "/api/funds/ukraine-fund/timeline?" + asOf),
                Map.entry("fund-history", "/api/funds/ukraine-fund/history?" + asOf),
                Map.entry("pledge-DEU", "/api/pledges/" + deu + "?" + asOf),
                Map.entry("pledge-FRA", "/api/pledges/" + pledges.get("FRA").asText() + "?" + asOf),
                Map.entry("pledge-POL", "/api/pledges/" + pledges.get("POL").asText() + "?" + asOf),
                Map.entry("pledge-DEU-history", "/api/pledges/" + deu + "/history?" + asOf),
                Map.entry("events", "/api/events?after=0&limit=1000&" + asOf));
        node = LedgerNodes.start("jdbc:h2:file:" + dir.resolve("ledger") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
                new String[0], "ledger.audit.signing-key-file=" + dir.resolve("checkpoint-signing-key.pem"),
                // every command loads its aggregate from the store, so a snapshot's use or rejection shows
                "ledger.aggregate-cache.enabled=false", "spring.main.banner-mode=off");
        port = LedgerNodes.port(node);
    }

    @AfterAll
    static void close() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void theMigrationRenamedTheStoredTypesAndChangedNoPayloadByte() throws IOException {
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        List<String> eventTypes = jdbc.queryForList("select distinct payload_type from domain_event_entry "
                + "order by payload_type", String.class);
        List<String> kept = Files.readAllLines(Path.of("src/test/resources/old-store/event-types.txt"));
        assertThat(eventTypes).hasSize(12).containsExactlyElementsOf(kept);
        assertThat(jdbc.queryForList("select distinct payload_type from snapshot_event_entry order by payload_type",
                String.class)).containsExactly("FundSnapshot", "MemberSnapshot", "PledgeSnapshot");
        // the feed kept then shows each event's stored payload: byte for byte what is stored now
        JsonNode events = resource("reads/events.json").get("events");
        List<byte[]> payloads = jdbc.queryForList("select payload from domain_event_entry order by global_index",
                byte[].class);
        assertThat(payloads).hasSize(events.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(JSON.readTree(payloads.get(i))).isEqualTo(events.get(i).get("payload"));
        }
        assertThat(new String(payloads.get(12), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"pledgeId\"").doesNotContain("\"kind\"");
    }

    @Test
    @Order(2)
    void everyReadAnswersAsBeforeWithTheKindOfEachPledge() throws IOException {
        everyReadAnswersAsKept("before any new write");
    }

    @Test
    @Order(3)
    void theDigestAndCheckpointKeptThenStillVerify() throws IOException {
        JsonNode digest = resource("digest.json");
        JsonNode checked = get("auditor", "/api/audit/verify?digest=" + digest.get("head").asText() + "&sequence="
                + digest.get("sequence").asLong());
        assertThat(checked.get("valid").asBoolean()).as("%s", checked).isTrue();
        JsonNode verify = get("auditor", "/api/audit/verify");
        JsonNode kept = resource("verify.json");
        for (String field : List.of("valid", "events", "headSequence", "head", "treeSize", "rootHash")) {
            assertThat(verify.get(field)).as(field).isEqualTo(kept.get(field));
        }
        JsonNode checkpoint = get("auditor", "/api/audit/checkpoint");
        JsonNode keptCheckpoint = resource("checkpoint.json");
        assertThat(checkpoint.get("signatureValid").asBoolean()).isTrue();
        assertThat(checkpoint.get("note")).isEqualTo(keptCheckpoint.get("note"));
        assertThat(get("auditor", "/api/audit/public-key")).isEqualTo(resource("public-key.json"));
        JsonNode proof = get("auditor", "/api/audit/proof/inclusion?sequence=13&treeSize="
                + keptCheckpoint.get("treeSize").asLong());
        assertThat(proof.get("rootHash")).isEqualTo(keptCheckpoint.get("rootHash"));
    }

    @Test
    @Order(4)
    void aRebuildOfTheProjectionsAnswersTheSame() throws Exception {
        int before = get("admin", "/api/admin/projections").get("live").get("generation").asInt();
        HttpResponse<String> started = LedgerNodes.send(port, "admin", "admin", "POST",
                "/api/admin/projections/rebuild", "{}", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = get("admin", "/api/admin/projections");
        while (status.get("rebuilding").asBoolean()) {
            assertThat(System.nanoTime()).as("rebuild within 60 s").isLessThan(deadline);
            Thread.sleep(100);
            status = get("admin", "/api/admin/projections");
        }
        assertThat(status.get("live").get("generation").asInt()).as("%s", status).isGreaterThan(before);
        assertThat(status.get("lastBuild").get("error").isNull()).as("%s", status).isTrue();
        everyReadAnswersAsKept("after a rebuild");
    }

    @Test
    @Order(5)
    void aSnapshotOfAnotherRevisionIsIgnoredAndTheAggregateSourcedFromItsEvents() throws IOException {
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        String fra = store.get("pledges").get("FRA").asText();
        byte[] stored = jdbc.queryForObject("select payload from snapshot_event_entry where aggregate_identifier = ?",
                byte[].class, fra);
        ObjectNode lying = (ObjectNode) JSON.readTree(stored);
        lying.put("withdrawn", true);
        jdbc.update("update snapshot_event_entry set payload = ? where aggregate_identifier = ?",
                JSON.writeValueAsBytes(lying), fra);
        String disbursement = """
                {"amount":"1000","currency":"USD","eurRate":"0.93","reference":"spare parts"}""";
        // the snapshot of today's revision is used: its (doctored) state refuses the disbursement
        assertThat(LedgerNodes.send(port, "secretariat", "secretariat", "POST", "/api/pledges/" + fra
                + "/disbursements", disbursement, null).statusCode()).isEqualTo(409);
        jdbc.update("update snapshot_event_entry set payload_revision = '0' where aggregate_identifier = ?", fra);
        HttpResponse<String> accepted = LedgerNodes.send(port, "secretariat", "secretariat", "POST", "/api/pledges/"
                + fra + "/disbursements", disbursement, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void newInKindPledgesFollowTheOldEventsAndTheOldDigestStillVerifies() throws IOException {
        HttpResponse<String> made = LedgerNodes.send(port, "delegate-POL", "delegate-POL", "POST", "/api/pledges", """
                {"fundId":"ukraine-fund","member":"POL","amount":"250000000","currency":"EUR","year":2025,
                 "kind":"IN_KIND","description":"two Patriot batteries, delivered and trained",
                 "effectiveAt":"2024-12-01T00:00:00Z"}""", null);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String pledgeId = JSON.readTree(made.body()).get("pledgeId").asText();
        JsonNode pledge = get("auditor", "/api/pledges/" + pledgeId);
        assertThat(pledge.get("kind").asText()).isEqualTo("IN_KIND");
        assertThat(pledge.get("description").asText()).isEqualTo("two Patriot batteries, delivered and trained");
        JsonNode fund = get("auditor", "/api/funds/ukraine-fund");
        assertThat(fund.get("pledgedEurByKind").get("IN_KIND").asText()).isEqualTo("250000000.00");
        // an old money pledge goes on as before
        String deu = store.get("pledges").get("DEU").asText();
        assertThat(LedgerNodes.send(port, "secretariat", "secretariat", "POST", "/api/pledges/" + deu
                + "/disbursements", """
                {"amount":"100","currency":"EUR","reference":"batch 2"}""", null).statusCode()).isEqualTo(200);
        assertThat(get("auditor", "/api/pledges/" + deu).get("kind").asText()).isEqualTo("MONEY");

        JsonNode digest = resource("digest.json");
        JsonNode checked = get("auditor", "/api/audit/verify?digest=" + digest.get("head").asText() + "&sequence="
                + digest.get("sequence").asLong());
        assertThat(checked.get("valid").asBoolean()).as("%s", checked).isTrue();
        JsonNode verify = get("auditor", "/api/audit/verify");
        assertThat(verify.get("valid").asBoolean()).as("%s", verify).isTrue();
        assertThat(verify.get("events").asLong()).isGreaterThan(digest.get("sequence").asLong());
        // the kept checkpoint's tree is a prefix of today's
        JsonNode consistency = get("auditor", "/api/audit/proof/consistency?from="
                + resource("checkpoint.json").get("treeSize").asLong());
        assertThat(consistency.get("fromRoot")).isEqualTo(resource("checkpoint.json").get("rootHash"));
        // reads at the kept asOf still answer exactly as then
        everyReadAnswersAsKept("after new in-kind pledges");
    }

    /** Each read kept then, asked again at the same asOf: the same answer, plus the kinds of today's contract. */
    private static void everyReadAnswersAsKept(String when) throws IOException {
        for (String read : READS) {
            JsonNode now = get("auditor", paths.get(read));
            JsonNode withoutKinds = withoutNewFields(now.deepCopy(), read);
            JsonNode kept = resource("reads/" + read + ".json");
            if (read.equals("timeline")) {
                // a CORRECTION's point moved on purpose, to the valid-time interval it corrected; the rest stays
                assertThat(sequences(corrections(withoutKinds, true))).as("corrections in the timeline %s", when)
                        .isEqualTo(sequences(corrections(kept, true)));
                corrections(withoutKinds, true).forEach(point -> assertThat(point.has("correctsFigureFrom"))
                        .as("%s", point).isTrue());
                withoutKinds = corrections(withoutKinds, false);
                kept = corrections(kept, false);
            }
            assertThat(withoutKinds).as("%s %s", read, when).isEqualTo(kept);
        }
    }

    /** The timeline's CORRECTION points ({@code true}), or the timeline without them ({@code false}). */
    private static JsonNode corrections(JsonNode timeline, boolean only) {
        ObjectNode copy = timeline.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode points = copy.putArray("points");
        for (JsonNode point : timeline.get("points")) {
            if ("CORRECTION".equals(point.path("kind").asText()) == only) {
                points.add(point);
            }
        }
        return only ? points : copy;
    }

    private static List<Long> sequences(JsonNode points) {
        List<Long> sequences = new ArrayList<>();
        points.forEach(point -> sequences.add(point.get("sequence").asLong()));
        return sequences;
    }

    /**
     * Removes what later releases added to old answers, checking it on the way: every pledge shows kind MONEY, every
     * pledgedEurByKind puts the whole pledgedEur beside it under MONEY, fair-share rows are participants' rows,
     * histories fit in their first page, and corrections name the interval they corrected.
     */
    private static JsonNode withoutNewFields(JsonNode node, String read) {
        if (node instanceof ObjectNode object) {
            if (object.has("pledgeId") && object.has("status") && !object.has("payload")) {
                assertThat(object.get("kind").asText()).as("kind in %s: %s", read, object).isEqualTo("MONEY");
                assertThat(object.has("description")).isFalse();
                object.remove("kind");
            }
            if (object.has("pledgedEurByKind")) {
                JsonNode byKind = object.remove("pledgedEurByKind");
                assertThat(byKind.get("MONEY")).as("%s: %s", read, object).isEqualTo(object.get("pledgedEur"));
                assertThat(byKind.get("IN_KIND").asText()).isEqualTo("0.00");
            }
            if (object.has("normalizedShare") && object.has("optedOut")) {
                // a fair-share row: the participants' rows say so; rows outside the base would be new answers
                assertThat(object.remove("optedOut").asBoolean()).as("optedOut in %s: %s", read, object).isFalse();
            }
            if (read.endsWith("-history") && object.has("events") && object.has("next")) {
                // histories are paged now; the kept ones fit in one page
                assertThat(object.remove("next").isNull()).as("next in %s", read).isTrue();
            }
            if (object.has("payload") && object.has("correctsFigureFrom")) {
                // where a correction acts is shown beside the hashed fields now, derived from earlier events
                object.remove("correctsFigureFrom");
                object.remove("correctsFigureTo");
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                withoutNewFields(object.get(name), read);
            }
        } else if (node.isArray()) {
            for (Iterator<JsonNode> i = node.elements(); i.hasNext(); ) {
                withoutNewFields(i.next(), read);
            }
        }
        return node;
    }

    private static JsonNode get(String user, String path) throws IOException {
        HttpResponse<String> response = LedgerNodes.send(port, user, user, "GET", path, null, null);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = OldStoreOpenedByNewCodeTests.class.getResourceAsStream(OLD + name)) {
            return JSON.readTree(in);
        }
    }

    private static void copy(String name, Path dir) throws IOException {
        try (InputStream in = OldStoreOpenedByNewCodeTests.class.getResourceAsStream(OLD + name)) {
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
