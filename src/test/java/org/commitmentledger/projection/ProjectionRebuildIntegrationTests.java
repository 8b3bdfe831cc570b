package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A rebuild loads a new generation while the live one keeps serving (ADR 0020): every read during it answers in full,
 * exactly as before; a second rebuild request meanwhile is refused with 409; afterwards the new generation holds the
 * same rows as the one the write path kept, and the write path writes into it.
 */
class ProjectionRebuildIntegrationTests extends PointInTimeHttpTest {

    private String firstPledge;

    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> TABLES = List.of("member_version_g%d order by code, agg_seq",
            "fund_version_g%d order by fund_id, agg_seq",
            "pledge_version_g%d order by pledge_id, recorded_from, valid_from, recorded_to",
            "pledge_figure_g%d order by pledge_id, agg_seq");

    @Test
    void readsAreServedInFullWhileARebuildRunsAndTheRebuiltRowsEqualTheLiveOnes() throws Exception {
        List<String> paths = history();
        String asOf = render(Instant.now().minusMillis(1));
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String path : paths) {
            String at = path + (path.contains("?") ? "&" : "?") + "asOf=" + asOf;
            before.put(at, ok(as("auditor").get(at)));
        }
        int liveBefore = liveGeneration();
        Map<String, List<Map<String, Object>>> liveRows = new LinkedHashMap<>();
        for (String table : TABLES) {
            liveRows.put(table, jdbc.queryForList("select * from " + table.formatted(liveBefore)));
        }

        Response started = as("admin").post("/api/admin/projections/rebuild", "{}");
        assertThat(started.status()).as("rebuild answered %s", started).isEqualTo(202);
        assertThat(started.json().get("rebuilding").asBoolean()).isTrue();
        assertThat(started.json().get("building").get("generation").asInt()).isEqualTo(liveBefore + 1);
        assertProblem(as("admin").post("/api/admin/projections/rebuild", "{}"), 409);

        List<String> keys = new ArrayList<>(before.keySet());
        int reads = 0;
        long deadline = System.nanoTime() + REBUILD_TIMEOUT.toNanos();
        for (int i = 0; rebuilding(); i++) {
            assertThat(System.nanoTime()).as("rebuild finished within %s; now: %s", REBUILD_TIMEOUT,
                    as("admin").get("/api/admin/projections").body()).isLessThan(deadline);
            String path = keys.get(i % keys.size());
            Response read = as("auditor").get(path);
            assertThat(read.status()).as("read during the rebuild: %s", read).isEqualTo(200);
            assertThat(read.json()).as("full answer during the rebuild of %s", path).isEqualTo(before.get(path));
            reads++;
        }
        System.out.printf("during the rebuild: %d reads, all answered in full%n", reads);
        JsonNode status = ok(as("admin").get("/api/admin/projections"));
        assertThat(status.get("live").get("generation").asInt()).isEqualTo(liveBefore + 1);
        assertThat(status.get("building").isNull()).isTrue();
        assertThat(status.get("lastBuild").get("error").isNull()).isTrue();

        for (String table : TABLES) {
            assertThat(jdbc.queryForList("select * from " + table.formatted(liveBefore + 1)))
                    .as("rebuilt %s", table).containsExactlyElementsOf(liveRows.get(table));
        }
        for (Map.Entry<String, JsonNode> answer : before.entrySet()) {
            assertThat(ok(as("auditor").get(answer.getKey()))).as("after the rebuild: %s", answer.getKey())
                    .isEqualTo(answer.getValue());
        }
        for (int i = 1; i <= 5; i++) {
            String amount = "40" + i + ".00";
            written(as("secretariat").post("/api/pledges/" + firstPledge + "/revisions", """
                    {"amount":"%s","reason":"after the rebuild","kind":"REVISION"}""".formatted(amount)));
            assertThat(ok(as("auditor").get("/api/pledges/" + firstPledge)).get("eurAmount").asText())
                    .as("read right after write %d following the rebuild", i).isEqualTo(amount);
        }
    }

    @Test
    void onlyAdminsMayRebuildOrWatchTheProjections() {
        for (String user : List.of("auditor", "secretariat")) {
            assertProblem(as(user).post("/api/admin/projections/rebuild", "{}"), 403);
            assertProblem(as(user).get("/api/admin/projections"), 403);
        }
        assertProblem(anonymous().post("/api/admin/projections/rebuild", "{}"), 401);
        JsonNode status = ok(as("admin").get("/api/admin/projections"));
        assertThat(status.get("processors").findValuesAsText("name")).contains("projections");
        assertThat(status.get("live").get("generation").asInt()).isPositive();
    }

    private int liveGeneration() {
        return jdbc.queryForObject("select live_generation from projection_state", Integer.class);
    }

    private boolean rebuilding() throws InterruptedException {
        JsonNode status = ok(as("admin").get("/api/admin/projections"));
        for (JsonNode processor : status.get("processors")) {
            assertThat(processor.get("state").asText()).isIn("LIVE", "REBUILDING");
            assertThat(processor.get("progressPercent").asInt()).isBetween(0, 100);
        }
        boolean rebuilding = status.get("rebuilding").asBoolean();
        if (rebuilding) {
            Thread.sleep(5);
        }
        return rebuilding;
    }

    /** A history with every kind of event, in 1905 and 2023; gives the reads to compare. */
    private List<String> history() {
        registerOnce("VUT", "4", "1905-01-01T00:00:00Z");
        registerOnce("TON", "6", "1905-01-01T00:00:00Z");
        written(as("secretariat").put("/api/members/VUT", """
                {"name":"Vanuatu","costShare":"5","effectiveAt":"2023-06-01T00:00:00Z"}"""));
        String fund = fundId();
        written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Rebuilt","targetEur":"1000","periodStart":"2023-01-01","periodEnd":"2024-12-31",
                 "decisionDeadline":"2023-03-01T00:00:00Z","effectiveAt":"2023-01-01T00:00:00Z"}""".formatted(fund)));
        written(as("secretariat").post("/api/funds/" + fund + "/objections", """
                {"member":"VUT","reason":"no","effectiveAt":"2023-01-10T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/objections/VUT/withdrawal", """
                {"reason":"yes after all","effectiveAt":"2023-01-20T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/decisions", """
                {"effectiveAt":"2023-03-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/amendments", """
                {"targetEur":"2000","periodStart":"2023-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2023-09-01T00:00:00Z","reason":"more","effectiveAt":"2023-04-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/opt-outs", """
                {"member":"TON","reason":"not for us","effectiveAt":"2023-04-02T00:00:00Z"}"""));
        firstPledge = pledgeId(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"VUT","amount":"300","currency":"EUR","year":2023,
                 "effectiveAt":"2023-03-05T00:00:00Z"}""".formatted(fund)));
        String second = pledgeId(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"VUT","amount":"1000","currency":"USD","eurRate":"0.91","year":2024,
                 "effectiveAt":"2023-03-06T00:00:00Z"}""".formatted(fund)));
        written(as("secretariat").post("/api/pledges/" + firstPledge + "/revisions", """
                {"amount":"400","reason":"more","kind":"REVISION","effectiveAt":"2023-05-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/pledges/" + firstPledge + "/revisions", """
                {"amount":"350","reason":"typo","kind":"CORRECTION","effectiveAt":"2023-04-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/pledges/" + firstPledge + "/disbursements", """
                {"amount":"100","currency":"EUR","reference":"t1","effectiveAt":"2023-06-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/pledges/" + second + "/withdrawal", """
                {"reason":"no budget","effectiveAt":"2023-07-01T00:00:00Z"}"""));

        List<String> paths = new ArrayList<>();
        for (String effectiveAt : List.of("2023-01-15T00:00:00Z", "2023-03-10T00:00:00Z", "2023-04-15T00:00:00Z",
                "2023-06-15T00:00:00Z", "2024-01-01T00:00:00Z")) {
            String at = "?effectiveAt=" + effectiveAt;
            paths.add("/api/members" + at);
            paths.add("/api/members/VUT" + at);
            paths.add("/api/funds" + at);
            paths.add("/api/funds/" + fund + at);
            paths.add("/api/funds/" + fund + "/fair-shares" + at);
            paths.add("/api/funds/" + fund + "/rounds" + at);
            paths.add("/api/funds/" + fund + "/members/VUT" + at);
            paths.add("/api/funds/" + fund + "/members/TON" + at);
            if (!effectiveAt.startsWith("2023-01")) {
                paths.add("/api/pledges/" + firstPledge + at);
                paths.add("/api/pledges/" + second + at);
            }
        }
        paths.add("/api/funds/" + fund + "/timeline");
        return paths;
    }

    private String pledgeId(Response made) {
        written(made);
        return made.json().get("pledgeId").asText();
    }
}
