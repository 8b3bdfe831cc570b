package org.commitmentledger.pledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.PointInTimeHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/pledges/{id} over HTTP at (asOf, effectiveAt), with corrections that rewrite the past at a later asOf. */
class PledgeReadIntegrationTests extends PointInTimeHttpTest {

    private String fund;
    private long pledgeSequence;

    @BeforeEach
    void adoptedFund() {
        registerOnce("MHL", "1", "1903-01-01T00:00:00Z");
        fund = fundId();
        written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Ukraine support","targetEur":"10000000000","periodStart":"2024-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-02-01T00:00:00Z",
                 "effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(fund)));
        written(as("secretariat").post("/api/funds/" + fund + "/decisions", """
                {"effectiveAt":"2024-02-01T00:00:00Z"}"""));
    }

    @Test
    void correctionShowsAsKnownNowAndTheOldFigureAsOfBeforeIt() {
        String pledge = pledge("1700000000", "EUR", null, "2024-04-25T00:00:00Z");
        long correction = written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"3800000000","reason":"the figure was wrong","kind":"CORRECTION"}"""));
        String beforeCorrection = render(recordedAt(correction).minusMillis(1));

        assertThat(eurAmount(pledge, null, "2024-07-10T00:00:00Z")).isEqualTo("3800000000.00");
        assertThat(eurAmount(pledge, beforeCorrection, "2024-07-10T00:00:00Z")).isEqualTo("1700000000.00");
        assertThat(eurAmount(pledge, null, "2024-04-25T00:00:00Z")).isEqualTo("3800000000.00");
        assertThat(ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=2024-07-10T00:00:00Z"))
                .get("pledgedEur").asText()).isEqualTo("3800000000.00");
        assertThat(ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=2024-07-10T00:00:00Z&asOf="
                + beforeCorrection)).get("pledgedEur").asText()).isEqualTo("1700000000.00");
    }

    @Test
    void revisionRecordedBeforeACorrectionKeepsItsOwnAmountFromItsEffectiveAtOn() {
        String pledge = pledge("1700000000", "EUR", null, "2024-04-25T00:00:00Z");
        written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"2000000000","reason":"new decision","kind":"REVISION",
                 "effectiveAt":"2024-09-01T00:00:00Z"}"""));
        long correction = written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"3800000000","reason":"the figure was wrong","kind":"CORRECTION",
                 "effectiveAt":"2024-07-10T00:00:00Z"}"""));
        String beforeCorrection = render(recordedAt(correction).minusMillis(1));

        assertThat(eurAmount(pledge, null, "2024-07-10T00:00:00Z")).isEqualTo("3800000000.00");
        assertThat(eurAmount(pledge, null, "2024-08-31T23:59:59.999Z")).isEqualTo("3800000000.00");
        assertThat(eurAmount(pledge, null, "2024-09-01T00:00:00Z")).isEqualTo("2000000000.00");
        assertThat(eurAmount(pledge, null, null)).isEqualTo("2000000000.00");
        assertThat(eurAmount(pledge, beforeCorrection, "2024-07-10T00:00:00Z")).isEqualTo("1700000000.00");
        assertThat(eurAmount(pledge, beforeCorrection, "2024-09-01T00:00:00Z")).isEqualTo("2000000000.00");
    }

    @Test
    void pledgeShowsItsFigureCurrencyDisbursementsAndStatusThen() {
        String pledge = pledge("1000000", "USD", "0.9123", "2024-05-01T00:00:00Z");
        long made = pledgeSequence;
        written(as("secretariat").post("/api/pledges/" + pledge + "/disbursements", """
                {"amount":"100000","currency":"EUR","reference":"first tranche","effectiveAt":"2024-06-01T00:00:00Z"}"""));

        JsonNode now = ok(as("auditor").get("/api/pledges/" + pledge));
        assertThat(now.get("pledgeId").asText()).isEqualTo(pledge);
        assertThat(now.get("fundId").asText()).isEqualTo(fund);
        assertThat(now.get("member").asText()).isEqualTo("MHL");
        assertThat(now.get("year").asInt()).isEqualTo(2024);
        assertThat(now.get("amount").asText()).isEqualTo("1000000.00");
        assertThat(now.get("currency").asText()).isEqualTo("USD");
        assertThat(now.get("eurRate").asText()).isEqualTo("0.9123");
        assertThat(now.get("eurAmount").asText()).isEqualTo("912300.00");
        assertThat(now.get("disbursedEur").asText()).isEqualTo("100000.00");
        assertThat(now.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(now.get("effectiveAt").asText()).isEqualTo(now.get("asOf").asText());
        assertThat(now.get("lastSequence").asLong()).isGreaterThan(made);
        JsonNode before = ok(as("auditor").get("/api/pledges/" + pledge + "?effectiveAt=2024-05-31T23:59:59.999Z"));
        assertThat(before.get("disbursedEur").asText()).isEqualTo("0.00");
        assertThat(before.get("effectiveAt").asText()).isEqualTo("2024-05-31T23:59:59.999Z");
        JsonNode recorded = ok(as("auditor").get("/api/pledges/" + pledge + "?asOf=" + render(recordedAt(made))));
        assertThat(recorded.get("asOf").asText()).isEqualTo(render(recordedAt(made)));
        assertThat(recorded.get("lastSequence").asLong()).isEqualTo(made);
        assertThat(recorded.get("disbursedEur").asText()).isEqualTo("0.00");
    }

    @Test
    void withdrawnPledgeIsWithdrawnFromItsEffectiveAtAndLeavesTheFundTotal() {
        String pledge = pledge("500", "EUR", null, "2024-05-01T00:00:00Z");
        long withdrawal = written(as("secretariat").post("/api/pledges/" + pledge + "/withdrawal", """
                {"reason":"no budget","effectiveAt":"2024-06-01T00:00:00Z"}"""));

        assertThat(status(pledge, null, "2024-05-15T00:00:00Z")).isEqualTo("ACTIVE");
        assertThat(status(pledge, null, "2024-06-01T00:00:00Z")).isEqualTo("WITHDRAWN");
        assertThat(status(pledge, render(recordedAt(withdrawal).minusMillis(1)), "2024-06-15T00:00:00Z"))
                .isEqualTo("ACTIVE");
        assertThat(ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=2024-06-15T00:00:00Z"))
                .get("pledgedEur").asText()).isEqualTo("0.00");
        assertThat(ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=2024-05-15T00:00:00Z"))
                .get("pledgedEur").asText()).isEqualTo("500.00");
    }

    @Test
    void pledgeThatDidNotExistThenIsNotFound() {
        String pledge = pledge("500", "EUR", null, "2024-05-01T00:00:00Z");

        assertProblem(as("auditor").get("/api/pledges/" + pledge + "?effectiveAt=2024-04-30T23:59:59.999Z"), 404);
        assertProblem(as("auditor").get("/api/pledges/" + pledge + "?asOf="
                + render(recordedAt(pledgeSequence).minusMillis(1)) + "&effectiveAt=2024-06-01T00:00:00Z"), 404);
        assertProblem(as("auditor").get("/api/pledges/" + UUID.randomUUID()), 404);
        assertProblem(as("auditor").get("/api/pledges/" + "x".repeat(100)), 404);
    }

    @Test
    void malformedInstantsAreRefusedAsInvalidInput() {
        String pledge = pledge("500", "EUR", null, "2024-05-01T00:00:00Z");

        assertMalformed(as("auditor").get("/api/pledges/" + pledge + "?asOf=yesterday"), "asOf");
        assertMalformed(as("auditor").get("/api/pledges/" + pledge + "?effectiveAt=2024-13-01T00:00:00Z"),
                "effectiveAt");
    }

    private String pledge(String amount, String currency, String rate, String effectiveAt) {
        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"MHL","amount":"%s","currency":"%s",%s"year":2024,"effectiveAt":"%s"}"""
                .formatted(fund, amount, currency, rate == null ? "" : "\"eurRate\":\"" + rate + "\",", effectiveAt));
        pledgeSequence = written(made);
        return made.json().get("pledgeId").asText();
    }

    private String eurAmount(String pledge, String asOf, String effectiveAt) {
        return read(pledge, asOf, effectiveAt).get("eurAmount").asText();
    }

    private String status(String pledge, String asOf, String effectiveAt) {
        return read(pledge, asOf, effectiveAt).get("status").asText();
    }

    private JsonNode read(String pledge, String asOf, String effectiveAt) {
        StringBuilder query = new StringBuilder();
        if (asOf != null) {
            query.append("asOf=").append(asOf);
        }
        if (effectiveAt != null) {
            query.append(query.isEmpty() ? "" : "&").append("effectiveAt=").append(effectiveAt);
        }
        return ok(as("auditor").get("/api/pledges/" + pledge + (query.isEmpty() ? "" : "?" + query)));
    }
}
