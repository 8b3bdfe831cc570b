package org.commitmentledger.pledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PledgeWriteIntegrationTests extends LedgerHttpScenarios {

    @BeforeEach
    void members() {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "1.2");
    }

    private Response post(String path, String body) {
        return as("secretariat").post(path, body);
    }

    private Response makePledge(String fund, String member, int year, String at) {
        return post("/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"1000","currency":"EUR","year":%d,"effectiveAt":"%s"}"""
                .formatted(fund, member, year, at));
    }

    private Response revise(String pledge, String kind, String amount, String at) {
        return post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"%s","reason":"why","kind":"%s","effectiveAt":"%s"}""".formatted(amount, kind, at));
    }

    private Response withdraw(String pledge, String at) {
        return post("/api/pledges/" + pledge + "/withdrawal",
                "{\"reason\":\"budget cut\",\"effectiveAt\":\"" + at + "\"}");
    }

    private Response disburse(String pledge, String amount, String at) {
        return post("/api/pledges/" + pledge + "/disbursements", """
                {"amount":"%s","currency":"EUR","reference":"wire","effectiveAt":"%s"}""".formatted(amount, at));
    }

    /** The pledge's events as its history shows them. */
    private JsonNode history(String pledge) {
        Response r = as("auditor").get("/api/pledges/" + pledge + "/history");
        assertThat(r.status()).isEqualTo(200);
        return r.json().get("events");
    }

    @Test
    void recordsAPledgeWithLocationSequenceAndEuroValue() {
        String fund = proposeFund();
        long before = eventCount();
        Response r = post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":2500000,"currency":"USD","eurRate":"0.9","year":2025,
                 "note":"first tranche","effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund));

        assertThat(r.status()).isEqualTo(201);
        String pledge = r.json().get("pledgeId").asText();
        assertThat(pledge).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(r.header("Location")).isEqualTo("/api/pledges/" + pledge);
        assertThat(r.json().get("fundId").asText()).isEqualTo(fund);
        assertThat(r.json().get("member").asText()).isEqualTo("DEU");
        assertThat(r.json().get("eurAmount").asText()).isEqualTo("2250000.00");
        assertThat(eventCount()).isEqualTo(before + 1);
        JsonNode made = history(pledge).get(0);
        assertThat(made.get("sequence").asLong()).isEqualTo(r.json().get("sequence").asLong());
        assertThat(made.get("type").asText()).isEqualTo("PledgeMade");
        assertThat(made.at("/payload/amount").asText()).isEqualTo("2500000");
        assertThat(made.at("/payload/eurRate").asText()).isEqualTo("0.9");
        assertThat(made.at("/payload/eurAmount").asText()).isEqualTo("2250000.00");
        assertThat(made.at("/payload/note").asText()).isEqualTo("first tranche");
    }

    @ParameterizedTest(name = "{0} USD at {1} = {2} EUR")
    @CsvSource({"1.25, 0.1, 0.12", "1.35, 0.1, 0.14", "0.5, 0.25, 0.12", "0.5, 0.27, 0.14",
            "1000.005, 1, 1000.00", "1000.015, 1, 1000.02"})
    void roundsTheEuroValueHalfEvenToTheCent(String amount, String rate, String eur) {
        String fund = proposeFund();
        Response r = post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":%s,"currency":"USD","eurRate":%s,"year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund, amount, rate));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("eurAmount").asText()).isEqualTo(eur);
        JsonNode payload = history(r.json().get("pledgeId").asText()).get(0).get("payload");
        assertThat(payload.get("eurAmount").asText()).isEqualTo(eur);
        assertThat(payload.get("amount").asText()).isEqualTo(amount);
    }

    @Test
    void rejectsAPledgeToAFundThatDoesNotExist() {
        String unknown = fundId();
        conflict("fund " + unknown + " does not exist", () -> makePledge(unknown, "DEU", 2025,
                "2024-05-01T00:00:00Z"));
    }

    @Test
    void rejectsAPledgeDatedBeforeTheFundExisted() {
        String fund = proposeFund();
        conflict("did not exist yet", () -> makePledge(fund, "DEU", 2025, "2024-04-01T00:00:00Z"));
    }

    @Test
    void rejectsAPledgeToABlockedFund() {
        String fund = proposeFund();
        assertThat(post("/api/funds/" + fund + "/objections",
                "{\"member\":\"HUN\",\"reason\":\"no\",\"effectiveAt\":\"2024-05-01T00:00:00Z\"}").status())
                .isEqualTo(200);
        decide(fund);
        conflict("BLOCKED", () -> makePledge(fund, "DEU", 2025, "2024-07-02T00:00:00Z"));
        assertThat(makePledge(fund, "DEU", 2025, "2024-06-01T00:00:00Z").status())
                .as("a pledge dated before the blocking decision").isEqualTo(201);
    }

    @Test
    void rejectsAPledgeFromAnOptedOutMember() {
        String fund = proposeFund();
        assertThat(post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"HUN\",\"reason\":\"no\",\"effectiveAt\":\"2024-05-01T00:00:00Z\"}").status())
                .isEqualTo(200);
        conflict("had opted out", () -> makePledge(fund, "HUN", 2025, "2024-05-02T00:00:00Z"));
    }

    @Test
    void rejectsAPledgeFromAMemberNotRegisteredAtEffectiveAt() {
        String fund = proposeFund();
        String late = unusedMemberCode();
        assertThat(as("secretariat").put("/api/members/" + late,
                "{\"name\":\"Late\",\"costShare\":\"1\",\"effectiveAt\":\"2024-06-01T00:00:00Z\"}").status())
                .isEqualTo(201);
        conflict("member " + late + " is not registered", () -> makePledge(fund, late, 2025, "2024-05-01T00:00:00Z"));
        String stranger = unusedMemberCode();
        conflict("member " + stranger + " is not registered",
                () -> makePledge(fund, stranger, 2025, "2024-05-01T00:00:00Z"));
    }

    @Test
    void rejectsAPledgeForAYearOutsideTheFundsPeriod() {
        String fund = proposeFund();
        conflict("year 2026 lies outside", () -> makePledge(fund, "DEU", 2026, "2024-05-01T00:00:00Z"));
    }

    @Test
    void revisesAPledge() {
        String pledge = pledge(proposeFund(), "1000");
        Response r = revise(pledge, "REVISION", "1500", "2024-06-01T00:00:00Z");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("pledgeId").asText()).isEqualTo(pledge);
        assertThat(r.json().get("kind").asText()).isEqualTo("REVISION");
        JsonNode revised = history(pledge).get(1);
        assertThat(revised.get("sequence").asLong()).isEqualTo(r.json().get("sequence").asLong());
        assertThat(revised.get("type").asText()).isEqualTo("PledgeRevised");
        assertThat(revised.at("/payload/currency").asText()).isEqualTo("EUR");
        assertThat(revised.at("/payload/eurAmount").asText()).isEqualTo("1500.00");
    }

    @Test
    void correctsTheFigureInForceAtItsEffectiveAt() {
        String pledge = pledge(proposeFund(), "1000");
        assertThat(revise(pledge, "REVISION", "1500", "2024-06-01T00:00:00Z").status()).isEqualTo(200);
        assertThat(disburse(pledge, "100", "2024-06-15T00:00:00Z").status()).isEqualTo(200);

        Response r = revise(pledge, "CORRECTION", "1100", "2024-05-15T00:00:00Z");

        assertThat(r.status()).as("a correction dated before the latest event: %s", r).isEqualTo(200);
        assertThat(r.json().get("kind").asText()).isEqualTo("CORRECTION");
        JsonNode corrected = history(pledge).get(3);
        assertThat(corrected.at("/payload/kind").asText()).isEqualTo("CORRECTION");
        assertThat(corrected.at("/payload/correctsFigureFrom").asText()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(corrected.at("/payload/eurAmount").asText()).isEqualTo("1100.00");
    }

    @Test
    void rejectsACorrectionDatedBeforeThePledgesFirstFigure() {
        String pledge = pledge(proposeFund(), "1000");
        conflict("to correct", () -> revise(pledge, "CORRECTION", "900", "2024-04-30T00:00:00Z"));
    }

    @Test
    void rejectsARevisionGoingBackwards() {
        String pledge = pledge(proposeFund(), "1000");
        conflict("goes backwards", () -> revise(pledge, "REVISION", "900", "2024-04-30T00:00:00Z"));
    }

    @Test
    void rejectsARevisionBelowWhatWasDisbursed() {
        String pledge = pledge(proposeFund(), "1000");
        assertThat(disburse(pledge, "600", "2024-06-01T00:00:00Z").status()).isEqualTo(200);
        conflict("already disbursed", () -> revise(pledge, "REVISION", "599.99", "2024-06-02T00:00:00Z"));
    }

    @Test
    void withdrawsAPledgeOnce() {
        String pledge = pledge(proposeFund(), "1000");
        Response r = withdraw(pledge, "2024-06-01T00:00:00Z");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("pledgeId").asText()).isEqualTo(pledge);
        assertThat(history(pledge).get(1).get("type").asText()).isEqualTo("PledgeWithdrawn");
        conflict("was withdrawn", () -> withdraw(pledge, "2024-06-02T00:00:00Z"));
    }

    @Test
    void rejectsWithdrawalOfAPledgeWithDisbursements() {
        String pledge = pledge(proposeFund(), "1000");
        assertThat(disburse(pledge, "1", "2024-06-01T00:00:00Z").status()).isEqualTo(200);
        conflict("already disbursed", () -> withdraw(pledge, "2024-06-02T00:00:00Z"));
    }

    @Test
    void recordsDisbursementsUpToThePledgedValue() {
        String pledge = pledge(proposeFund(), "1000");
        Response r = post("/api/pledges/" + pledge + "/disbursements", """
                {"amount":"1000","currency":"CHF","eurRate":"0.5","reference":"goods",
                 "effectiveAt":"2024-06-01T00:00:00Z"}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("eurAmount").asText()).isEqualTo("500.00");
        assertThat(history(pledge).get(1).get("type").asText()).isEqualTo("PledgeDisbursed");
        assertThat(disburse(pledge, "500", "2024-06-02T00:00:00Z").status()).isEqualTo(200);
        conflict("above the pledged 1000.00 EUR", () -> disburse(pledge, "0.01", "2024-06-03T00:00:00Z"));
    }

    @Test
    void rejectsDisbursementsOfAWithdrawnPledge() {
        String pledge = pledge(proposeFund(), "1000");
        assertThat(withdraw(pledge, "2024-06-01T00:00:00Z").status()).isEqualTo(200);
        conflict("was withdrawn", () -> disburse(pledge, "1", "2024-06-02T00:00:00Z"));
        conflict("was withdrawn", () -> revise(pledge, "REVISION", "2000", "2024-06-02T00:00:00Z"));
    }

    @Test
    void answersNotFoundForWritesToAnUnknownPledge() {
        String unknown = UUID.randomUUID().toString();
        refused(404, () -> revise(unknown, "REVISION", "10", "2024-06-01T00:00:00Z"));
        refused(404, () -> withdraw(unknown, "2024-06-01T00:00:00Z"));
        refused(404, () -> disburse(unknown, "10", "2024-06-01T00:00:00Z"));
    }

    @Test
    void checksTheBodyBeforeLookingUpThePledge() {
        String unknown = UUID.randomUUID().toString();
        Response r = refused(400, () -> post("/api/pledges/" + unknown + "/disbursements", "{\"amount\":-1}"));
        assertThat(r.json().get("errors")).isNotEmpty();
    }

    @Test
    void aPledgeIdIsNeitherAFreeFundIdNorAFund() {
        String pledge = pledge(proposeFund(), "1000");
        conflict("already used", () -> post("/api/funds", """
                {"fundId":"%s","name":"Impostor","targetEur":"10","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z"}""".formatted(pledge)));
        refused(404, () -> post("/api/funds/" + pledge + "/decisions", "{}"));
        refused(404, () -> post("/api/funds/" + pledge + "/objections",
                "{\"member\":\"DEU\",\"reason\":\"no\"}"));
        conflict("does not exist", () -> makePledge(pledge, "DEU", 2025, "2024-05-01T00:00:00Z"));
        assertThat(history(pledge)).hasSize(1);
    }
}
