package org.commitmentledger.fund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.PointInTimeHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fund read over HTTP, with and without asOf/effectiveAt. The history lies in 1901, where only this class
 * registers members, so fair shares can be stated exactly.
 */
class FundReadIntegrationTests extends PointInTimeHttpTest {

    @BeforeEach
    void registerMembers() {
        registerOnce("KIR", "10", "1901-01-01T00:00:00Z");
        registerOnce("TUV", "30", "1901-01-01T00:00:00Z");
        registerOnce("NRU", "60", "1901-01-01T00:00:00Z");
    }

    @Test
    void everyFundReadEchoesItsTwoTimesAndTheLastSequence() {
        String fund = fundId();
        long proposal = propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-03-01T00:00:00Z");
        Instant recorded = recordedAt(proposal);

        for (String path : paths(fund)) {
            Instant before = Instant.now().minusMillis(1);
            JsonNode now = ok(as("auditor").get(path));
            Instant asOf = Instant.parse(now.get("asOf").asText());
            assertThat(asOf).as(path).isBetween(before, Instant.now());
            assertThat(now.get("effectiveAt").asText()).as(path).isEqualTo(now.get("asOf").asText());
            assertThat(now.get("lastSequence").asLong()).as(path).isGreaterThanOrEqualTo(proposal);

            // the timeline takes asOf only: an effectiveAt there is refused, not ignored
            JsonNode then = ok(as("auditor").get(path + "?asOf=" + render(recorded)
                    + (path.endsWith("/timeline") ? "" : "&effectiveAt=1901-06-01T00:00:00Z")));
            assertThat(then.get("asOf").asText()).as(path).isEqualTo(render(recorded));
            assertThat(then.get("effectiveAt").asText()).as(path).isEqualTo(path.endsWith("/timeline")
                    ? render(recorded) : "1901-06-01T00:00:00.000Z");
            assertThat(then.get("lastSequence").asLong()).as(path).isEqualTo(proposal);

            JsonNode onlyAsOf = ok(as("auditor").get(path + "?asOf=" + render(recorded)));
            assertThat(onlyAsOf.get("effectiveAt").asText()).as(path).isEqualTo(render(recorded));
        }
        JsonNode onlyEffective = ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=1901-02-01T00:00:00Z"));
        assertThat(Instant.parse(onlyEffective.get("asOf").asText())).isAfter(recorded);
        assertThat(onlyEffective.get("effectiveAt").asText()).isEqualTo("1901-02-01T00:00:00.000Z");
    }

    @Test
    void fundFollowsItsRoundsInValidTimeAndInRecordTime() {
        String fund = fundId();
        propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-03-01T00:00:00Z");
        written(as("secretariat").post("/api/funds/" + fund + "/objections", """
                {"member":"KIR","reason":"too costly","effectiveAt":"1901-02-10T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/decisions", """
                {"effectiveAt":"1901-03-01T00:00:00Z"}"""));
        written(as("secretariat").post("/api/funds/" + fund + "/amendments", """
                {"targetEur":"800","periodStart":"1901-01-01","periodEnd":"1902-12-31",
                 "decisionDeadline":"1901-05-01T00:00:00Z","reason":"smaller","effectiveAt":"1901-04-01T00:00:00Z"}"""));
        long adoption = written(as("secretariat").post("/api/funds/" + fund + "/decisions", """
                {"effectiveAt":"1901-05-01T00:00:00Z"}"""));

        JsonNode proposed = fundAt(fund, null, "1901-02-05T00:00:00Z");
        assertThat(proposed.get("status").asText()).isEqualTo("PROPOSED");
        assertThat(proposed.at("/openRound/round").asInt()).isEqualTo(1);
        assertThat(proposed.at("/openRound/standingObjections")).isEmpty();
        assertThat(proposed.at("/openRound/decisionDeadline").asText()).isEqualTo("1901-03-01T00:00:00.000Z");
        assertThat(fundAt(fund, null, "1901-02-15T00:00:00Z").at("/openRound/standingObjections/0").asText())
                .isEqualTo("KIR");
        JsonNode blocked = fundAt(fund, null, "1901-03-15T00:00:00Z");
        assertThat(blocked.get("status").asText()).isEqualTo("BLOCKED");
        assertThat(blocked.get("openRound").isNull()).isTrue();
        JsonNode amended = fundAt(fund, null, "1901-04-15T00:00:00Z");
        assertThat(amended.get("status").asText()).isEqualTo("PROPOSED");
        assertThat(amended.get("round").asInt()).isEqualTo(2);
        assertThat(amended.get("targetEur").asText()).isEqualTo("800.00");
        JsonNode adopted = fundAt(fund, null, "1901-06-01T00:00:00Z");
        assertThat(adopted.get("status").asText()).isEqualTo("ADOPTED");
        assertThat(adopted.get("round").asInt()).isEqualTo(2);
        assertThat(adopted.get("periodEnd").asText()).isEqualTo("1902-12-31");
        assertThat(fundAt(fund, render(recordedAt(adoption).minusMillis(1)), "1901-06-01T00:00:00Z").get("status")
                .asText()).isEqualTo("PROPOSED");

        JsonNode rounds = ok(as("auditor").get("/api/funds/" + fund + "/rounds"));
        assertThat(rounds.get("rounds").findValuesAsText("outcome")).containsExactly("BLOCKED", "ADOPTED");
        assertThat(rounds.at("/rounds/0/objections/0/member").asText()).isEqualTo("KIR");
        assertThat(rounds.at("/rounds/0/objections/0/effectiveAt").asText()).isEqualTo("1901-02-10T00:00:00.000Z");
        assertThat(rounds.at("/rounds/0/objections/0/withdrawnAt").isNull()).isTrue();
        assertThat(rounds.at("/rounds/1/targetEur").asText()).isEqualTo("800.00");
        JsonNode earlyRounds = ok(as("auditor").get("/api/funds/" + fund + "/rounds?effectiveAt=1901-02-15T00:00:00Z"));
        assertThat(earlyRounds.get("rounds").findValuesAsText("outcome")).containsExactly("OPEN");
    }

    @Test
    void fairSharesAndPositionsFollowTheParticipantsAndThePledges() {
        String fund = fundId();
        propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-12-01T00:00:00Z");
        written(as("secretariat").post("/api/funds/" + fund + "/opt-outs", """
                {"member":"NRU","reason":"will not take part","effectiveAt":"1901-02-05T00:00:00Z"}"""));
        written(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"TUV","amount":"500","currency":"EUR","year":1901,
                 "effectiveAt":"1901-02-06T00:00:00Z"}""".formatted(fund)));
        written(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"KIR","amount":"100","currency":"USD","eurRate":"0.9","year":1901,
                 "effectiveAt":"1901-02-07T00:00:00Z"}""".formatted(fund)));
        assertThat(ok(as("auditor").get("/api/members?effectiveAt=1901-03-01T00:00:00Z")).get("members")
                .findValuesAsText("code")).as("members registered in 1901 (by this class only)")
                .containsExactly("KIR", "NRU", "TUV");

        JsonNode before = ok(as("auditor").get("/api/funds/" + fund + "/fair-shares?effectiveAt=1901-02-03T00:00:00Z"));
        assertThat(before.get("rows").findValuesAsText("member")).containsExactly("KIR", "NRU", "TUV");
        assertThat(before.get("rows").findValuesAsText("fairShareEur")).containsExactly("100.00", "600.00", "300.00");
        assertThat(before.get("rows").findValuesAsText("normalizedShare"))
                .containsExactly("0.100000", "0.600000", "0.300000");

        JsonNode after = ok(as("auditor").get("/api/funds/" + fund + "/fair-shares?effectiveAt=1901-03-01T00:00:00Z"));
        assertThat(after.get("targetEur").asText()).isEqualTo("1000.00");
        assertThat(after.get("rows").findValuesAsText("member")).containsExactly("KIR", "TUV");
        assertThat(after.get("rows").findValuesAsText("costShare")).containsExactly("10", "30");
        assertThat(after.get("rows").findValuesAsText("normalizedShare")).containsExactly("0.250000", "0.750000");
        assertThat(after.get("rows").findValuesAsText("fairShareEur")).containsExactly("250.00", "750.00");
        assertThat(after.get("rows").findValuesAsText("pledgedEur")).containsExactly("90.00", "500.00");
        assertThat(after.get("rows").findValuesAsText("ratio")).containsExactly("0.3600", "0.6667");

        JsonNode tuv = ok(as("auditor").get("/api/funds/" + fund + "/members/TUV?effectiveAt=1901-03-01T00:00:00Z"));
        assertThat(tuv.get("pledgedEur").asText()).isEqualTo("500.00");
        assertThat(tuv.get("disbursedEur").asText()).isEqualTo("0.00");
        assertThat(tuv.get("fairShareEur").asText()).isEqualTo("750.00");
        assertThat(tuv.get("objecting").asBoolean()).isFalse();
        assertThat(tuv.get("optedOut").asBoolean()).isFalse();
        assertThat(tuv.get("pledges").findValuesAsText("eurAmount")).containsExactly("500.00");
        JsonNode nru = ok(as("auditor").get("/api/funds/" + fund + "/members/NRU?effectiveAt=1901-03-01T00:00:00Z"));
        assertThat(nru.get("fairShareEur").isNull()).isTrue();
        assertThat(nru.get("optedOut").asBoolean()).isTrue();
        assertThat(nru.get("pledges")).isEmpty();
        JsonNode earlyTuv = ok(as("auditor").get("/api/funds/" + fund + "/members/TUV?effectiveAt=1901-02-03T00:00:00Z"));
        assertThat(earlyTuv.get("pledgedEur").asText()).isEqualTo("0.00");
        assertThat(earlyTuv.get("fairShareEur").asText()).isEqualTo("300.00");

        JsonNode detail = fundAt(fund, null, "1901-03-01T00:00:00Z");
        assertThat(detail.get("optOuts").toString()).isEqualTo("[\"NRU\"]");
        assertThat(detail.get("pledgedEur").asText()).isEqualTo("590.00");
        assertThat(detail.get("gapEur").asText()).isEqualTo("410.00");
    }

    @Test
    void fundListShowsSummariesOfTheFundsExistingThen() {
        String fund = fundId();
        long proposal = propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-12-01T00:00:00Z");
        written(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"TUV","amount":"1200","currency":"EUR","year":1901,
                 "effectiveAt":"1901-02-06T00:00:00Z"}""".formatted(fund)));

        JsonNode summary = summaryOf(ok(as("auditor").get("/api/funds")), fund);
        assertThat(summary.get("name").asText()).isEqualTo("Fund " + fund);
        assertThat(summary.get("status").asText()).isEqualTo("PROPOSED");
        assertThat(summary.get("targetEur").asText()).isEqualTo("1000.00");
        assertThat(summary.get("pledgedEur").asText()).isEqualTo("1200.00");
        assertThat(summary.get("gapEur").asText()).isEqualTo("-200.00");
        assertThat(summaryOf(ok(as("auditor").get("/api/funds?effectiveAt=1901-02-03T00:00:00Z")), fund)
                .get("pledgedEur").asText()).isEqualTo("0.00");
        assertThat(summaryOf(ok(as("auditor").get("/api/funds?effectiveAt=1901-01-31T23:59:59.999Z")), fund))
                .isNull();
        assertThat(summaryOf(ok(as("auditor").get("/api/funds?asOf=" + render(recordedAt(proposal).minusMillis(1)))),
                fund)).isNull();
    }

    @Test
    void timelineReplaysTheFundAndItsPledgesInEffectiveTimeOrder() {
        String fund = fundId();
        propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-03-01T00:00:00Z");
        written(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"TUV","amount":"300","currency":"EUR","year":1901,
                 "effectiveAt":"1901-02-06T00:00:00Z"}""".formatted(fund)));
        long decision = written(as("secretariat").post("/api/funds/" + fund + "/decisions", """
                {"effectiveAt":"1901-03-01T00:00:00Z"}"""));
        String pledge = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"KIR","amount":"100","currency":"EUR","year":1901,
                 "effectiveAt":"1901-03-05T00:00:00Z"}""".formatted(fund)).json().get("pledgeId").asText();
        long correction = written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"150","reason":"typo","kind":"CORRECTION","effectiveAt":"1901-03-05T00:00:00Z"}"""));

        JsonNode timeline = ok(as("auditor").get("/api/funds/" + fund + "/timeline"));
        assertThat(timeline.get("fundId").asText()).isEqualTo(fund);
        assertThat(timeline.get("points").findValuesAsText("type")).containsExactly("FundProposed", "PledgeMade",
                "DecisionRoundConcluded", "PledgeMade", "PledgeRevised");
        assertThat(timeline.get("points").findValuesAsText("status")).containsExactly("PROPOSED", "PROPOSED",
                "ADOPTED", "ADOPTED", "ADOPTED");
        assertThat(timeline.get("points").findValuesAsText("pledgedEur")).containsExactly("0.00", "300.00", "300.00",
                "450.00", "450.00");
        assertThat(timeline.at("/points/2/sequence").asLong()).isEqualTo(decision);
        assertThat(timeline.at("/points/2/effectiveAt").asText()).isEqualTo("1901-03-01T00:00:00.000Z");
        assertThat(timeline.at("/points/0/targetEur").asText()).isEqualTo("1000.00");

        JsonNode before = ok(as("auditor").get("/api/funds/" + fund + "/timeline?asOf="
                + render(recordedAt(correction).minusMillis(1))));
        assertThat(before.get("points").findValuesAsText("pledgedEur")).containsExactly("0.00", "300.00", "300.00",
                "400.00");
    }

    @Test
    void fundThatDidNotExistThenIsNotFound() {
        String fund = fundId();
        long proposal = propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-03-01T00:00:00Z");
        String beforeRecording = "?asOf=" + render(recordedAt(proposal).minusMillis(1));

        for (String path : paths(fund)) {
            if (path.equals("/api/funds")) {
                continue;
            }
            if (!path.endsWith("/timeline")) {
                assertProblem(as("auditor").get(path + "?effectiveAt=1901-01-31T23:59:59.999Z"), 404);
            }
            assertProblem(as("auditor").get(path + beforeRecording), 404);
            assertProblem(as("auditor").get(path.replace(fund, fundId())), 404);
        }
        assertProblem(as("auditor").get("/api/funds/" + fund + "/members/BVT"), 404);
        assertProblem(as("auditor").get("/api/funds/" + fund + "/members/KIR?effectiveAt=1901-01-31T00:00:00Z"), 404);
    }

    @Test
    void malformedInstantsAreRefusedAsInvalidInput() {
        String fund = fundId();
        propose(fund, "1000", "1901-02-01T00:00:00Z", "1901-03-01T00:00:00Z");

        for (String path : paths(fund)) {
            assertMalformed(as("auditor").get(path + "?asOf=yesterday"), "asOf");
            if (!path.endsWith("/timeline")) {
                assertMalformed(as("auditor").get(path + "?effectiveAt=2024-13-01T00:00:00Z"), "effectiveAt");
            }
        }
    }

    private static List<String> paths(String fund) {
        List<String> paths = new ArrayList<>();
        paths.add("/api/funds/" + fund);
        paths.add("/api/funds/" + fund + "/fair-shares");
        paths.add("/api/funds/" + fund + "/rounds");
        paths.add("/api/funds/" + fund + "/members/TUV");
        paths.add("/api/funds/" + fund + "/timeline");
        paths.add("/api/funds");
        return paths;
    }

    private long propose(String fund, String target, String effectiveAt, String deadline) {
        return written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Fund %s","targetEur":"%s","periodStart":"1901-01-01","periodEnd":"1901-12-31",
                 "decisionDeadline":"%s","effectiveAt":"%s"}""".formatted(fund, fund, target, deadline, effectiveAt)));
    }

    private JsonNode fundAt(String fund, String asOf, String effectiveAt) {
        return ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=" + effectiveAt
                + (asOf == null ? "" : "&asOf=" + asOf)));
    }

    private static JsonNode summaryOf(JsonNode list, String fund) {
        for (JsonNode summary : list.get("funds")) {
            if (summary.get("fundId").asText().equals(fund)) {
                return summary;
            }
        }
        return null;
    }
}
