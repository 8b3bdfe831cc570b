package org.commitmentledger.fund.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FundWriteIntegrationTests extends LedgerHttpScenarios {

    @BeforeEach
    void members() {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "1.2");
        ensureMember("FRA", "20");
    }

    private Response post(String path, String body) {
        return as("secretariat").post(path, body);
    }

    private Response object(String fund, String member, String at) {
        return post("/api/funds/" + fund + "/objections",
                "{\"member\":\"" + member + "\",\"reason\":\"veto\",\"effectiveAt\":\"" + at + "\"}");
    }

    private Response optOut(String fund, String member, String at) {
        return post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"" + member + "\",\"reason\":\"not ours\",\"effectiveAt\":\"" + at + "\"}");
    }

    private Response withdrawObjection(String fund, String member, String at) {
        return post("/api/funds/" + fund + "/objections/" + member + "/withdrawal",
                "{\"reason\":\"compromise\",\"effectiveAt\":\"" + at + "\"}");
    }

    private Response amend(String fund, String at) {
        return post("/api/funds/" + fund + "/amendments", """
                {"targetEur":"1500000","periodStart":"2026-01-01","periodEnd":"2027-12-31",
                 "decisionDeadline":"2024-09-01T00:00:00Z","reason":"two years","effectiveAt":"%s"}""".formatted(at));
    }

    /** The stored event with that global sequence, as the feed shows it. */
    private JsonNode event(long sequence) {
        Response r = as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1");
        assertThat(r.status()).isEqualTo(200);
        JsonNode e = r.json().at("/events/0");
        assertThat(e.get("sequence").asLong()).isEqualTo(sequence);
        return e;
    }

    @Test
    void proposesAFundWithLocationAndSequence() {
        String fund = fundId();
        long before = eventCount();
        Response r = post("/api/funds", """
                {"fundId":"%s","name":"Clean water","targetEur":1.5e6,"periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00+02:00",
                 "effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/api/funds/" + fund);
        assertThat(r.json().get("fundId").asText()).isEqualTo(fund);
        assertThat(eventCount()).isEqualTo(before + 1);
        JsonNode e = event(r.json().get("sequence").asLong());
        assertThat(e.get("type").asText()).isEqualTo("FundProposed");
        assertThat(e.at("/payload/round").asInt()).isEqualTo(1);
        assertThat(e.at("/payload/targetEur").asText()).isEqualTo("1500000.00");
        assertThat(e.at("/payload/decisionDeadline").asText()).isEqualTo("2024-06-30T22:00:00.000Z");
        assertThat(e.get("effectiveAt").asText()).isEqualTo("2024-04-02T00:00:00.000Z");
    }

    @Test
    void proposalWithoutEffectiveAtTakesTheRecordingTime() {
        String fund = fundId();
        Response r = post("/api/funds", """
                {"fundId":"%s","name":"Now","targetEur":"10","periodStart":"2025-01-01",
                 "periodEnd":"2025-01-01","decisionDeadline":"2024-07-01T00:00:00Z"}""".formatted(fund));
        assertThat(r.status()).isEqualTo(201);
        JsonNode e = event(r.json().get("sequence").asLong());
        // "now" is taken when the request is checked, a few milliseconds before the event is stamped
        java.time.Instant effective = java.time.Instant.parse(e.get("effectiveAt").asText());
        java.time.Instant recorded = java.time.Instant.parse(e.get("recordedAt").asText());
        assertThat(effective).isBeforeOrEqualTo(recorded).isAfter(recorded.minusSeconds(5));
    }

    @Test
    void rejectsProposalOfAFundIdAlreadyUsed() {
        String fund = proposeFund();
        conflict("already used", () -> post("/api/funds", """
                {"fundId":"%s","name":"Again","targetEur":"10","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z"}""".formatted(fund)));
    }

    @Test
    void amendsAFundOpeningTheNextRound() {
        String fund = proposeFund();
        Response r = amend(fund, "2024-05-01T00:00:00Z");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("fundId").asText()).isEqualTo(fund);
        JsonNode e = event(r.json().get("sequence").asLong());
        assertThat(e.get("type").asText()).isEqualTo("FundAmended");
        assertThat(e.at("/payload/round").asInt()).isEqualTo(2);
        assertThat(e.at("/payload/supersededRound").asInt()).isEqualTo(1);
    }

    @Test
    void rejectsAmendmentGoingBackwardsOnTheFundTimeline() {
        String fund = proposeFund();
        conflict("goes backwards", () -> amend(fund, "2024-04-01T00:00:00Z"));
    }

    @Test
    void raisesAndWithdrawsAnObjection() {
        String fund = proposeFund();
        Response raised = object(fund, "DEU", "2024-05-01T00:00:00Z");
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().get("member").asText()).isEqualTo("DEU");
        assertThat(event(raised.json().get("sequence").asLong()).get("type").asText()).isEqualTo("ObjectionRaised");

        Response withdrawn = withdrawObjection(fund, "DEU", "2024-05-02T00:00:00Z");
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.json().get("sequence").asLong()).isGreaterThan(raised.json().get("sequence").asLong());
        assertThat(event(withdrawn.json().get("sequence").asLong()).get("type").asText())
                .isEqualTo("ObjectionWithdrawn");
    }

    @Test
    void rejectsObjectionAfterTheDecisionDeadline() {
        String fund = proposeFund();
        conflict("had passed", () -> object(fund, "DEU", "2024-07-01T00:00:00.001Z"));
    }

    @Test
    void rejectsObjectionWhenNoRoundIsOpen() {
        String fund = proposeFund();
        decide(fund);
        conflict("no open decision round", () -> object(fund, "DEU", DEADLINE));
    }

    @Test
    void rejectsObjectionFromAMemberNotRegistered() {
        String fund = proposeFund();
        String stranger = unusedMemberCode();
        conflict("member " + stranger + " is not registered", () -> object(fund, stranger, "2024-05-01T00:00:00Z"));
    }

    @Test
    void rejectsObjectionFromAnOptedOutMember() {
        String fund = proposeFund();
        assertThat(optOut(fund, "HUN", "2024-05-01T00:00:00Z").status()).isEqualTo(200);
        conflict("opted out", () -> object(fund, "HUN", "2024-05-02T00:00:00Z"));
    }

    @Test
    void rejectsASecondObjectionByTheSameMember() {
        String fund = proposeFund();
        assertThat(object(fund, "DEU", "2024-05-01T00:00:00Z").status()).isEqualTo(200);
        conflict("already objects", () -> object(fund, "DEU", "2024-05-02T00:00:00Z"));
    }

    @Test
    void rejectsWithdrawalOfAnObjectionThatDoesNotStand() {
        String fund = proposeFund();
        conflict("no objection by FRA stands", () -> withdrawObjection(fund, "FRA", "2024-05-01T00:00:00Z"));
    }

    @Test
    void declaresAnOptOut() {
        String fund = proposeFund();
        Response r = optOut(fund, "HUN", "2024-05-01T00:00:00Z");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("member").asText()).isEqualTo("HUN");
        assertThat(event(r.json().get("sequence").asLong()).get("type").asText()).isEqualTo("MemberOptedOut");
    }

    @Test
    void rejectsOptOutOfAMemberWithAStandingObjection() {
        String fund = proposeFund();
        assertThat(object(fund, "DEU", "2024-05-01T00:00:00Z").status()).isEqualTo(200);
        conflict("standing objection", () -> optOut(fund, "DEU", "2024-05-02T00:00:00Z"));
    }

    @Test
    void rejectsASecondOptOut() {
        String fund = proposeFund();
        assertThat(optOut(fund, "HUN", "2024-05-01T00:00:00Z").status()).isEqualTo(200);
        conflict("already opted out", () -> optOut(fund, "HUN", "2024-05-02T00:00:00Z"));
    }

    @Test
    void adoptsARoundWithoutObjections() {
        String fund = proposeFund();
        Response r = decide(fund);
        assertThat(r.json().get("fundId").asText()).isEqualTo(fund);
        assertThat(r.json().get("round").asInt()).isEqualTo(1);
        assertThat(r.json().get("outcome").asText()).isEqualTo("ADOPTED");
        assertThat(r.json().get("standingObjections").isArray()).isTrue();
        assertThat(r.json().get("standingObjections")).isEmpty();
        assertThat(event(r.json().get("sequence").asLong()).get("type").asText())
                .isEqualTo("DecisionRoundConcluded");
    }

    @Test
    void blocksARoundWithStandingObjectionsSorted() {
        String fund = proposeFund();
        assertThat(object(fund, "HUN", "2024-05-01T00:00:00Z").status()).isEqualTo(200);
        assertThat(object(fund, "FRA", "2024-05-02T00:00:00Z").status()).isEqualTo(200);
        assertThat(object(fund, "DEU", "2024-05-03T00:00:00Z").status()).isEqualTo(200);
        assertThat(withdrawObjection(fund, "FRA", "2024-05-04T00:00:00Z").status()).isEqualTo(200);

        Response r = as("secretariat").post("/api/funds/" + fund + "/decisions", "{}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(r.json().get("round").asInt()).isEqualTo(1);
        assertThat(r.json().get("standingObjections").toString()).isEqualTo("[\"DEU\",\"HUN\"]");
    }

    @Test
    void decidesWithAnEmptyObjectAtTheRecordingTime() {
        String fund = proposeFund();
        // a write is always JSON, bodyless ones too (ADR 0028): {} says "no effectiveAt"
        Response r = as("secretariat").send("POST", "/api/funds/" + fund + "/decisions", "{}", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("ADOPTED");
    }

    @Test
    void rejectsADecisionBeforeTheDeadline() {
        String fund = proposeFund();
        conflict("before its decision deadline", () -> post("/api/funds/" + fund + "/decisions",
                "{\"effectiveAt\":\"2024-06-30T23:59:59.999Z\"}"));
    }

    @Test
    void rejectsADecisionWhenNoRoundIsOpen() {
        String fund = proposeFund();
        decide(fund);
        conflict("no open decision round", () -> post("/api/funds/" + fund + "/decisions",
                "{\"effectiveAt\":\"" + DEADLINE + "\"}"));
    }

    @Test
    void anAmendmentAfterAnAdoptionLeavesPledgesOnTheAdoptedTerms() {
        String fund = proposeFund();
        decide(fund);
        assertThat(amend(fund, "2024-07-02T00:00:00Z").status()).isEqualTo(200);
        Response kept = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"10","currency":"EUR","year":2025,
                 "effectiveAt":"2024-07-03T00:00:00Z"}""".formatted(fund));
        assertThat(kept.status()).as("%s", kept).isEqualTo(201);
        conflict("year 2026 lies outside", () -> as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"10","currency":"EUR","year":2026,
                 "effectiveAt":"2024-07-03T00:00:00Z"}""".formatted(fund)));
    }

    @Test
    void answersNotFoundForWritesToAnUnknownFund() {
        String unknown = fundId();
        refused(404, () -> amend(unknown, "2024-05-01T00:00:00Z"));
        refused(404, () -> object(unknown, "DEU", "2024-05-01T00:00:00Z"));
        refused(404, () -> withdrawObjection(unknown, "DEU", "2024-05-01T00:00:00Z"));
        refused(404, () -> optOut(unknown, "DEU", "2024-05-01T00:00:00Z"));
        refused(404, () -> post("/api/funds/" + unknown + "/decisions", "{}"));
    }

    @Test
    void checksTheBodyBeforeLookingUpTheFund() {
        String unknown = fundId();
        Response r = refused(400, () -> post("/api/funds/" + unknown + "/amendments", "{\"targetEur\":"));
        assertThat(r.json().get("errors")).isNotEmpty();
        refused(400, () -> post("/api/funds/" + unknown + "/objections", "{\"member\":\"deu\",\"reason\":\"x\"}"));
    }

    @Test
    void refusesFundWritesToOtherRolesThanTheSecretariat() {
        refused(403, () -> as("auditor").post("/api/funds", "{}"));
        refused(403, () -> as("admin").post("/api/funds/" + fundId() + "/decisions", "{}"));
        refused(401, () -> anonymous().post("/api/funds", "{}"));
    }
}
