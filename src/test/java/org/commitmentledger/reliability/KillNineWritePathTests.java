package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The write path and the rebuild against a real {@code kill -9} of a ledger process (started from the tests' class
 * path, on its own H2 file): a write killed between its commit and its answer is answered exactly once by a retry
 * with the same Idempotency-Key; a rebuild killed mid-way leaves the old generation serving and can be started again.
 * Fault injection ({@code ledger.faults.*}) puts each kill at the one instant that matters.
 */
class KillNineWritePathTests {

    private static final Duration START = Duration.ofMinutes(3);
    private static final String FUND = """
            {"fundId":"%s","name":"Crash","targetEur":"1000000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
             "decisionDeadline":"2021-01-01T00:00:00Z","effectiveAt":"2020-06-01T00:00:00Z"}""";
    private static final String PLEDGE = """
            {"fundId":"%s","member":"CZE","amount":"%s","currency":"EUR","year":2025,"effectiveAt":"2020-07-01T00:00:00Z"}""";

    @Test
    void aWriteKilledBetweenCommitAndAnswerIsAnsweredOnceByItsRetry() throws Exception {
        Path dir = Path.of("target/test-db/kill-answer-" + UUID.randomUUID());
        String url = LedgerProcess.shippedUrl(dir.resolve("ledger"));
        String key = "crash-" + UUID.randomUUID();
        LedgerProcess first = LedgerProcess.startFromClassPath(url, dir.resolve("first.log"), START,
                "--ledger.writes.halt-after-commit-key=" + key);
        LedgerClient client = first.client();
        setUp(client, "crash-fund");
        String body = PLEDGE.formatted("crash-fund", "1234.56");
        LedgerClient.Answer lost = client.send("secretariat", "POST", "/api/pledges", body,
                Map.of("Idempotency-Key", key));
        assertThat(lost.status()).as("the process died before answering: %s", lost).isEqualTo(-1);
        first.killHard();

        LedgerProcess second = LedgerProcess.startFromClassPath(url, dir.resolve("second.log"), START);
        try {
            LedgerClient again = second.client();
            long events = again.feed().size();
            LedgerClient.Answer retried = again.send("secretariat", "POST", "/api/pledges", body,
                    Map.of("Idempotency-Key", key));
            assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
            String pledge = retried.json().get("pledgeId").asText();
            assertThat(retried.json().get("eurAmount").asText()).isEqualTo("1234.56");
            assertThat(again.feed()).as("the retry recorded nothing").hasSize((int) events);
            assertThat(again.feed().stream().filter(e -> e.get("type").asText().equals("PledgeMade")).count())
                    .isEqualTo(1);
            assertThat(again.read("auditor", "/api/pledges/" + pledge).get("eurAmount").asText())
                    .isEqualTo("1234.56");
            LedgerClient.Answer replayed = again.send("secretariat", "POST", "/api/pledges", body,
                    Map.of("Idempotency-Key", key));
            assertThat(replayed.json()).isEqualTo(retried.json());
        } finally {
            second.killHard();
        }
    }

    @Test
    void aRebuildKilledMidwayLeavesTheOldGenerationServingAndCanStartAgain() throws Exception {
        Path dir = Path.of("target/test-db/kill-rebuild-" + UUID.randomUUID());
        String url = LedgerProcess.shippedUrl(dir.resolve("ledger"));
        LedgerProcess first = LedgerProcess.startFromClassPath(url, dir.resolve("first.log"), START,
                "--ledger.faults.rebuild-pause-after-load=PT5M");
        LedgerClient client = first.client();
        setUp(client, "rebuild-fund");
        for (int i = 1; i <= 20; i++) {
            assertThat(client.post("secretariat", "/api/pledges", PLEDGE.formatted("rebuild-fund", i + "00"))
                    .status()).isEqualTo(201);
        }
        JsonNode before = client.read("auditor", "/api/funds/rebuild-fund");
        assertThat(client.post("admin", "/api/admin/projections/rebuild", "{}").status()).isEqualTo(202);
        awaitLoaded(client);
        first.killHard();

        LedgerProcess second = LedgerProcess.startFromClassPath(url, dir.resolve("second.log"), START);
        try {
            LedgerClient again = second.client();
            JsonNode status = again.read("admin", "/api/admin/projections");
            assertThat(status.get("live").get("generation").asInt()).isEqualTo(1);
            assertThat(again.read("auditor", "/api/funds/rebuild-fund").get("pledgedEur"))
                    .isEqualTo(before.get("pledgedEur"));
            assertThat(again.post("secretariat", "/api/pledges", PLEDGE.formatted("rebuild-fund", "7")).status())
                    .isEqualTo(201);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            LedgerClient.Answer restarted = again.post("admin", "/api/admin/projections/rebuild", "{}");
            while (restarted.status() == 409 && System.nanoTime() < deadline) {
                LedgerClient.sleep(500); // the dead builder's heartbeat is not yet old enough to take over
                restarted = again.post("admin", "/api/admin/projections/rebuild", "{}");
            }
            assertThat(restarted.status()).as(restarted.toString()).isEqualTo(202);
            again.awaitProjectionsAtHead(Duration.ofMinutes(2));
            JsonNode after = again.read("admin", "/api/admin/projections");
            assertThat(after.get("live").get("generation").asInt()).isGreaterThan(1);
            assertThat(after.get("lastBuild").get("error").isNull()).as(after.toString()).isTrue();
            assertThat(again.read("auditor", "/api/funds/rebuild-fund").get("pledgedEur").asText())
                    .isEqualTo("21007.00");
        } finally {
            second.killHard();
        }
    }

    private static void setUp(LedgerClient client, String fund) {
        assertThat(client.put("secretariat", "/api/members/CZE", """
                {"name":"Czechia","costShare":"2.5","effectiveAt":"2000-01-01T00:00:00Z"}""").status()).isEqualTo(201);
        assertThat(client.post("secretariat", "/api/funds", FUND.formatted(fund)).status()).isEqualTo(201);
    }

    /** Until the paused rebuild has loaded its generation: its tables exist, half built, when the kill comes. */
    private static void awaitLoaded(LedgerClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode building = client.read("admin", "/api/admin/projections").get("building");
            if (building != null && !building.isNull() && building.get("position").asLong() > 0) {
                return;
            }
            LedgerClient.sleep(100);
        }
        throw new AssertionError("the rebuild did not load within 60 s");
    }
}
