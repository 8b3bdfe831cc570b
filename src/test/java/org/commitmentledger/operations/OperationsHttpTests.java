package org.commitmentledger.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Prometheus metrics, the ledger health component and the probe groups, over HTTP against the running ledger. */
class OperationsHttpTests extends LedgerHttpTest {

    /** reliability/FailingFold (a test member of the projections group) fails on a pledge whose note starts so. */
    private static final String FAILING_FOLD = "fail-fold:";

    @Test
    void prometheusNamesTheLedgersAxonsAndSpringsMetricsForAdminOnly() {
        ensureMember("DEU", "16.1");
        String fund = proposedFund("Operations");
        assertThat(as("auditor").get("/api/funds/no-such-fund").status()).isEqualTo(404);
        assertThat(as("auditor").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();

        Response metrics = as("admin").get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains(
                "ledger_writes_seconds_bucket{outcome=\"recorded\"",
                "ledger_events_appended_total{type=\"FundProposed\"}",
                "ledger_projection_rebuild_progress_percent",
                "ledger_projection_rebuilding",
                "ledger_projection_generation",
                "ledger_projection_fold_failures_total",
                "ledger_verifications_seconds_count{result=\"valid\"}",
                "ledger_requests_refused_total{status=\"404\"}",
                "ledger_logins_throttled_total",
                "ledger_checkpoint_age_seconds",
                "ledger_events_head",
                // the aggregate caches, through JCache's statistics
                "cache_gets_total{cache=\"funds\",kind=\"aggregate\",result=\"hit\"}",
                "cache_gets_total{cache=\"pledges\",kind=\"aggregate\",result=\"miss\"}",
                "cache_evictions_total{cache=\"members\",kind=\"aggregate\"}",
                // Axon's own, through axon-micrometer
                "commandBus_successTimer_seconds_count",
                "eventProcessor_latency",
                "eventStore_ingestedCounter_total",
                "http_server_requests_seconds");
        assertThat(as("auditor").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void theLedgerComponentGoesDownWhileTheLiveFoldFailsAndRecoversWithTheNextWrite() {
        ensureMember("CZE", "2.5");
        String fund = proposedFund("Operations");
        JsonNode healthy = ledger();
        assertThat(healthy.get("status").asText()).isEqualTo("UP");
        assertThat(healthy.get("details").get("eventStore").asText()).isEqualTo("reachable");
        assertThat(healthy.get("details").get("headSequence").asLong()).isPositive();
        assertThat(healthy.get("details").get("projections").get("liveGeneration").asInt()).isPositive();
        assertThat(healthy.get("details").get("projections").get("position").asLong())
                .isEqualTo(healthy.get("details").get("headSequence").asLong());
        assertThat(healthy.get("details").get("projections").get("rebuilding").asBoolean()).isFalse();
        assertThat(healthy.get("details").get("disk").get("freeBytes").asLong()).isPositive();
        assertThat(healthy.get("details").has("lastCheckpoint")).isTrue();

        Response refused = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"CZE","amount":"10","currency":"EUR","year":2025,"note":"%sinjected",
                 "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, FAILING_FOLD));
        assertThat(refused.status()).isEqualTo(503);

        JsonNode down = ledger();
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("details").get("projections").get("liveFold").get("failing").asBoolean()).isTrue();
        assertThat(down.get("details").get("projections").get("liveFold").get("lastFailureEvent").asText())
                .isEqualTo("PledgeMade");
        Response health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().has("components")).as("details only for ADMIN").isFalse();
        assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);

        assertThat(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"CZE","amount":"10","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
        assertThat(ledger().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void eachWriteLeavesOneLineWithoutItsPayload(CapturedOutput output) {
        ensureMember("DEU", "16.1");
        String fund = proposedFund("Operations");
        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"777.77","currency":"EUR","year":2025,
                 "note":"confidential-%s","effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, fund));
        assertThat(made.status()).isEqualTo(201);
        String line = "write recorded: sequence=" + made.json().get("sequence").asLong() + " type=PledgeMade "
                + "actor=secretariat aggregate=" + made.json().get("pledgeId").asText() + " ms=";
        assertThat(output.getOut().lines().filter(l -> l.contains(line))).hasSize(1);
        assertThat(output.getAll()).doesNotContain("confidential-" + fund).doesNotContain("777.77");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusedWriteLeavesNoStackTrace(CapturedOutput output) {
        ensureMember("DEU", "16.1");
        String fund = proposedFund("Operations");
        Response refused = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"5","currency":"EUR","year":2025,
                 "effectiveAt":"1990-07-01T00:00:00Z"}""".formatted(fund));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("not registered");
        assertThat(output.getAll()).doesNotContain("LedgerRuleViolation").doesNotContain("\tat org.axonframework");
    }

    private JsonNode ledger() {
        Response health = as("admin").get("/actuator/health");
        return health.json().get("components").get("ledger");
    }
}
