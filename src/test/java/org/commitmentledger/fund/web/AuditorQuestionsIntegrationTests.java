package org.commitmentledger.fund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.PointInTimeHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auditor's questions over HTTP: which pledges make up a total ({@code explain}, {@code pledges}) and what changed
 * between two record times ({@code changes}). Each test builds its own fund in 2024.
 */
class AuditorQuestionsIntegrationTests extends PointInTimeHttpTest {

    private String fund;
    private String deu;
    private String hun;
    private long made;
    private long correction;
    private Instant afterFirstPledge;
    private Instant end;

    @BeforeEach
    void aFundWithARevisedCorrectedAndDisbursedPledgeAndAnOptedOutMembersPledge() throws Exception {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "0.7");
        fund = fundId();
        written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Audit","targetEur":"1000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2024-07-01T00:00:00Z","effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund)));
        JsonNode first = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"100","currency":"EUR","year":2025,"note":"first tranche",
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund)).json();
        deu = first.get("pledgeId").asText();
        made = first.get("sequence").asLong();
        Thread.sleep(5);
        afterFirstPledge = Instant.now();
        Thread.sleep(5);
        hun = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"HUN","amount":"50","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-02T00:00:00Z"}""".formatted(fund)).json().get("pledgeId").asText();
        written(as("secretariat").post("/api/funds/" + fund + "/opt-outs", """
                {"member":"HUN","reason":"opts out","effectiveAt":"2024-06-02T00:00:00Z"}"""));
        written(as("secretariat").post("/api/pledges/" + deu + "/revisions", """
                {"amount":"120","kind":"REVISION","reason":"more","effectiveAt":"2024-06-01T00:00:00Z"}"""));
        correction = written(as("secretariat").post("/api/pledges/" + deu + "/revisions", """
                {"amount":"130","kind":"CORRECTION","reason":"typo"}"""));
        written(as("secretariat").post("/api/pledges/" + deu + "/disbursements", """
                {"amount":"30","currency":"EUR","reference":"batch 1","effectiveAt":"2024-06-03T00:00:00Z"}"""));
        Thread.sleep(5);
        end = Instant.now();
    }

    @Test
    void theActiveTermsOfAnExplanationAddUpToTheFundsTotals() {
        JsonNode explained = ok(as("auditor").get("/api/funds/" + fund + "/explain"));
        JsonNode read = ok(as("auditor").get("/api/funds/" + fund));
        assertThat(explained.get("pledgedEur").asText()).isEqualTo(read.get("pledgedEur").asText())
                .isEqualTo("180.00");
        assertThat(explained.get("disbursedEur").asText()).isEqualTo(read.get("disbursedEur").asText())
                .isEqualTo("30.00");
        BigDecimal pledged = BigDecimal.ZERO;
        BigDecimal disbursed = BigDecimal.ZERO;
        for (JsonNode term : explained.get("terms")) {
            if ("ACTIVE".equals(term.get("status").asText())) {
                pledged = pledged.add(new BigDecimal(term.get("eurAmount").asText()));
            }
            disbursed = disbursed.add(new BigDecimal(term.get("disbursedEur").asText()));
            assertThat(term.get("kind").asText()).isEqualTo("MONEY");
        }
        assertThat(pledged.toPlainString()).isEqualTo("180.00");
        assertThat(disbursed.toPlainString()).isEqualTo("30.00");
    }

    @Test
    void eachTermNamesTheEventWhoseFigureIsInForceWithItsHashAndProof() {
        JsonNode now = ok(as("auditor").get("/api/funds/" + fund + "/explain"));
        JsonNode term = term(now, deu);
        assertThat(term.get("eurAmount").asText()).isEqualTo("130.00");
        assertThat(term.at("/setBy/sequence").asLong()).isEqualTo(correction);
        assertThat(term.at("/setBy/type").asText()).isEqualTo("PledgeRevised");
        JsonNode feedEntry = ok(as("auditor").get("/api/events?after=" + (correction - 1) + "&limit=1"))
                .at("/events/0");
        assertThat(term.at("/setBy/hash").asText()).isEqualTo(feedEntry.get("hash").asText());
        assertThat(term.at("/setBy/recordedAt").asText()).isEqualTo(feedEntry.get("recordedAt").asText());
        JsonNode proof = ok(as("auditor").get(term.at("/setBy/proof").asText()));
        assertThat(proof.get("sequence").asLong()).isEqualTo(correction);

        JsonNode before = ok(as("auditor").get("/api/funds/" + fund + "/explain?effectiveAt=2024-05-15T00:00:00Z"));
        assertThat(term(before, deu).get("eurAmount").asText()).isEqualTo("100.00");
        assertThat(term(before, deu).at("/setBy/sequence").asLong()).isEqualTo(made);
        assertThat(term(before, deu).at("/setBy/type").asText()).isEqualTo("PledgeMade");

        JsonNode known = ok(as("auditor").get("/api/funds/" + fund + "/explain?asOf=" + render(afterFirstPledge)));
        assertThat(known.get("terms")).hasSize(1);
        assertThat(known.get("pledgedEur").asText()).isEqualTo("100.00");
    }

    @Test
    void theFundsPledgesIncludeOptedOutMembersWithWhereTheirFigureTookEffect() {
        JsonNode all = ok(as("auditor").get("/api/funds/" + fund + "/pledges"));
        assertThat(all.get("fundId").asText()).isEqualTo(fund);
        assertThat(all.get("pledges")).hasSize(2);
        JsonNode own = term(all.get("pledges"), deu);
        assertThat(own.get("member").asText()).isEqualTo("DEU");
        assertThat(own.get("kind").asText()).isEqualTo("MONEY");
        assertThat(own.get("amount").asText()).isEqualTo("130.00");
        assertThat(own.get("currency").asText()).isEqualTo("EUR");
        assertThat(own.get("eurRate").asText()).isEqualTo("1");
        assertThat(own.get("figureFrom").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(own.get("note").asText()).isEqualTo("first tranche");
        assertThat(own.get("disbursedEur").asText()).isEqualTo("30.00");
        JsonNode optedOut = term(all.get("pledges"), hun);
        assertThat(optedOut.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(optedOut.get("note").isNull()).isTrue();

        JsonNode onlyHun = ok(as("auditor").get("/api/funds/" + fund + "/pledges?member=HUN"));
        assertThat(onlyHun.get("pledges")).hasSize(1);
        assertThat(ok(as("auditor").get("/api/funds/" + fund + "/pledges?effectiveAt=2024-05-01T12:00:00Z"))
                .get("pledges")).hasSize(1);
        assertMalformed(as("auditor").get("/api/funds/" + fund + "/pledges?member=xx"), "member");
        assertProblem(as("auditor").get("/api/funds/no-such-fund-here/pledges"), 404);
        assertProblem(as("auditor").get("/api/funds/no-such-fund-here/explain"), 404);
        assertMalformed(as("auditor").get("/api/funds/" + fund + "/explain?asOf=yesterday"), "asOf");
    }

    @Test
    void changesBetweenTwoRecordTimesListTheFieldsPledgesAndEventsThatDiffer() {
        JsonNode changes = ok(as("auditor").get("/api/funds/" + fund + "/changes?from=" + render(afterFirstPledge)
                + "&to=" + render(end)));
        assertThat(changes.get("fundId").asText()).isEqualTo(fund);
        assertThat(changes.get("from").asText()).isEqualTo(render(afterFirstPledge));
        assertThat(changes.get("to").asText()).isEqualTo(render(end));
        assertThat(changes.get("effectiveAt").asText()).isEqualTo(render(end));
        assertThat(changes.get("lastSequence").asLong()).isGreaterThanOrEqualTo(correction + 1);

        List<String> fields = new ArrayList<>();
        changes.get("fund").forEach(f -> fields.add(f.get("field").asText()));
        assertThat(fields).containsExactly("pledgedEur", "disbursedEur", "gapEur", "optOuts");
        JsonNode pledged = changes.get("fund").get(0);
        assertThat(pledged.get("before").asText()).isEqualTo("100.00");
        assertThat(pledged.get("after").asText()).isEqualTo("180.00");
        assertThat(changes.get("fund").get(3).get("after").get(0).asText()).isEqualTo("HUN");

        JsonNode own = term(changes.get("pledges"), deu);
        assertThat(own.at("/before/eurAmount").asText()).isEqualTo("100.00");
        assertThat(own.at("/after/eurAmount").asText()).isEqualTo("130.00");
        assertThat(own.at("/after/disbursedEur").asText()).isEqualTo("30.00");
        assertThat(own.at("/after/status").asText()).isEqualTo("ACTIVE");
        assertThat(term(changes.get("pledges"), hun).get("before").isNull()).isTrue();

        JsonNode events = changes.get("events");
        assertThat(events).hasSize(5);
        List<String> types = new ArrayList<>();
        long previous = made;
        for (JsonNode e : events) {
            types.add(e.get("type").asText());
            assertThat(e.get("sequence").asLong()).isGreaterThan(previous);
            previous = e.get("sequence").asLong();
            assertThat(e.get("hash").asText()).hasSize(64);
            assertThat(e.at("/actor/user").asText()).isEqualTo("secretariat");
        }
        assertThat(types).containsExactly("PledgeMade", "MemberOptedOut", "PledgeRevised", "PledgeRevised",
                "PledgeDisbursed");
        assertThat(events.get(3).get("reason").asText()).isEqualTo("typo");
        assertThat(events.get(0).get("reason").isNull()).isTrue();

        JsonNode inMay = ok(as("auditor").get("/api/funds/" + fund + "/changes?from=" + render(afterFirstPledge)
                + "&to=" + render(end) + "&effectiveAt=2024-05-15T00:00:00Z"));
        assertThat(inMay.get("pledges")).hasSize(1);
        assertThat(inMay.get("pledges").get(0).get("pledgeId").asText()).isEqualTo(hun);
    }

    @Test
    void changesAreForAuditorsAndRefuseBadTimes() {
        String path = "/api/funds/" + fund + "/changes";
        String times = "?from=" + render(afterFirstPledge) + "&to=" + render(end);
        ok(as("admin").get(path + times));
        assertProblem(as("secretariat").get(path + times), 403);
        assertMalformed(as("auditor").get(path + "?from=" + render(end) + "&to=" + render(end)), "from");
        assertMalformed(as("auditor").get(path + "?from=" + render(end) + "&to=" + render(afterFirstPledge)), "from");
        assertMalformed(as("auditor").get(path + "?to=" + render(end)), "from");
        assertMalformed(as("auditor").get(path + "?from=" + render(end)), "to");
        assertMalformed(as("auditor").get(path + "?from=" + render(end) + "&to=9999-01-01T00:00:00Z"), "to");
        assertMalformed(as("auditor").get(path + times + "&effectiveAt=soon"), "effectiveAt");
        assertProblem(as("auditor").get("/api/funds/no-such-fund-here/changes" + times), 404);
    }

    @Test
    void everyEuroOfTheFundsPledgedTotalIsInExactlyOneFairShareRowOptedOutMembersMarked() {
        JsonNode fair = ok(as("auditor").get("/api/funds/" + fund + "/fair-shares"));
        JsonNode read = ok(as("auditor").get("/api/funds/" + fund));
        BigDecimal sum = BigDecimal.ZERO;
        List<String> members = new ArrayList<>();
        JsonNode hunRow = null;
        for (JsonNode row : fair.get("rows")) {
            sum = sum.add(new BigDecimal(row.get("pledgedEur").asText()));
            members.add(row.get("member").asText());
            if ("HUN".equals(row.get("member").asText())) {
                hunRow = row;
            } else {
                assertThat(row.get("optedOut").asBoolean()).isFalse();
            }
        }
        assertThat(sum.toPlainString()).isEqualTo(read.get("pledgedEur").asText()).isEqualTo("180.00");
        assertThat(members).doesNotHaveDuplicates();
        assertThat(hunRow).isNotNull();
        assertThat(hunRow.get("optedOut").asBoolean()).isTrue();
        assertThat(hunRow.get("pledgedEur").asText()).isEqualTo("50.00");
        assertThat(hunRow.get("fairShareEur").isNull()).isTrue();
        assertThat(hunRow.get("ratio").isNull()).isTrue();

        JsonNode beforeOptOut = ok(as("auditor").get("/api/funds/" + fund
                + "/fair-shares?effectiveAt=2024-06-01T12:00:00Z"));
        for (JsonNode row : beforeOptOut.get("rows")) {
            assertThat(row.get("optedOut").asBoolean()).as(row.toString()).isFalse();
        }
    }

    @Test
    void aCorrectionIsPlacedOnTheValidTimeIntervalItCorrected() {
        long mayCorrection = written(as("secretariat").post("/api/pledges/" + deu + "/revisions", """
                {"amount":"90","kind":"CORRECTION","reason":"misread","effectiveAt":"2024-05-15T00:00:00Z"}"""));

        JsonNode history = ok(as("auditor").get("/api/pledges/" + deu + "/history")).get("events");
        JsonNode may = entry(history, mayCorrection);
        assertThat(may.get("correctsFigureFrom").asText()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(may.get("correctsFigureTo").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        JsonNode june = entry(history, correction);
        assertThat(june.get("correctsFigureFrom").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(june.has("correctsFigureTo")).isFalse();
        assertThat(entry(history, made).has("correctsFigureFrom")).isFalse();
        List<String> fields = new ArrayList<>();
        may.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("the entry's fields: the feed's and the interval, nothing else")
                .containsExactly("sequence", "type", "recordedAt", "effectiveAt", "actor", "payload", "hash",
                        "aggregateId", "aggregateSequence", "correctsFigureFrom", "correctsFigureTo");
        assertThat(entry(ok(as("auditor").get("/api/funds/" + fund + "/history")).get("events"), mayCorrection)
                .get("correctsFigureTo").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(ok(as("auditor").get("/api/events?after=" + (mayCorrection - 1) + "&limit=1")).at("/events/0")
                .get("correctsFigureFrom").asText()).isEqualTo("2024-05-01T00:00:00.000Z");

        JsonNode points = ok(as("auditor").get("/api/funds/" + fund + "/timeline")).get("points");
        JsonNode point = entry(points, mayCorrection);
        assertThat(point.get("kind").asText()).isEqualTo("CORRECTION");
        assertThat(point.get("effectiveAt").asText()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(point.get("correctsFigureFrom").asText()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(point.get("correctsFigureTo").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(point.get("pledgedEur").asText()).isEqualTo("90.00");
        List<Instant> order = new ArrayList<>();
        points.forEach(p -> order.add(Instant.parse(p.get("effectiveAt").asText())));
        assertThat(order).isSorted();
        assertThat(entry(points, correction).get("effectiveAt").asText()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(entry(points, correction).get("correctsFigureTo").isNull()).isTrue();
    }

    private static JsonNode entry(JsonNode list, long sequence) {
        for (JsonNode e : list) {
            if (e.get("sequence").asLong() == sequence) {
                return e;
            }
        }
        throw new AssertionError("no event " + sequence + " in " + list);
    }

    private static JsonNode term(JsonNode answer, String pledgeId) {
        JsonNode list = answer.has("terms") ? answer.get("terms") : answer;
        for (JsonNode t : list) {
            if (t.get("pledgeId").asText().equals(pledgeId)) {
                return t;
            }
        }
        throw new AssertionError("no " + pledgeId + " in " + answer);
    }
}
