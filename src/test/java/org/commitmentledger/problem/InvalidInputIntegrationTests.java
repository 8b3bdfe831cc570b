package org.commitmentledger.problem;

import org.commitmentledger.kernel.Input;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that is malformed or invalid on its own: 400 problem+json with {@code errors}, and nothing written. The paths
 * name a real fund ({fund}) and pledge ({pledge}), so only the body is wrong.
 */
class InvalidInputIntegrationTests extends LedgerHttpScenarios {

    private static String fund;
    private static String pledge;

    private static final String FUNDS = "/api/funds";
    private static final String PLEDGES = "/api/pledges";
    private static final String AMEND = "/api/funds/{fund}/amendments";
    private static final String OBJECT = "/api/funds/{fund}/objections";
    private static final String OPT_OUT = "/api/funds/{fund}/opt-outs";
    private static final String WITHDRAW_OBJECTION = "/api/funds/{fund}/objections/DEU/withdrawal";
    private static final String DECIDE = "/api/funds/{fund}/decisions";
    private static final String REVISE = "/api/pledges/{pledge}/revisions";
    private static final String WITHDRAW = "/api/pledges/{pledge}/withdrawal";
    private static final String DISBURSE = "/api/pledges/{pledge}/disbursements";
    private static final String MEMBER = "/api/members/DEU";

    private static final String PROPOSAL = """
            {"fundId":"bad-input-fund","name":"N","targetEur":"1000","periodStart":"2025-01-01",
             "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z"%s}""";
    private static final String PLEDGE = """
            {"fundId":"{fund}","member":"DEU","amount":"1000","currency":"EUR","year":2025%s}""";

    /** A valid proposal or pledge body with one more field (or a replaced one, see the callers). */
    private static String proposal(String extra) {
        return PROPOSAL.formatted(extra);
    }

    private static String pledgeWith(String extra) {
        return PLEDGE.formatted(extra);
    }

    /** {@code field} is the one the answer must name; "" for a body that is not a readable JSON object. */
    private static Arguments bad(String what, String field, String method, String path, String body) {
        return Arguments.of(what, field, method, path, body);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", "", "POST", FUNDS, "{\"fundId\":\"abc\","),
                bad("trailing garbage", "", "POST", FUNDS, proposal("") + " {}"),
                bad("not JSON at all", "", "POST", PLEDGES, "fundId=abc"),
                bad("unknown field", "colour", "POST", FUNDS, proposal(",\"colour\":\"red\"")),
                bad("unknown field on a pledge", "amountEur", "POST", PLEDGES, pledgeWith(",\"amountEur\":\"1\"")),
                bad("unknown field on a decision", "fundId", "POST", DECIDE, "{\"fundId\":\"{fund}\"}"),
                bad("duplicate field", "", "POST", WITHDRAW, "{\"reason\":\"a\",\"reason\":\"b\"}"),
                bad("string for year", "year", "POST", PLEDGES, pledgeWith("").replace("2025", "\"2025\"")),
                bad("fraction for year", "year", "POST", PLEDGES, pledgeWith("").replace("2025", "2025.5")),
                bad("year zero", "year", "POST", PLEDGES, pledgeWith("").replace("2025", "0")),
                bad("year missing", "year", "POST", PLEDGES, pledgeWith("").replace(",\"year\":2025", "")),
                bad("number for name", "name", "POST", FUNDS, proposal("").replace("\"N\"", "42")),
                bad("number for a member's name", "name", "PUT", MEMBER, "{\"name\":42,\"costShare\":\"1\"}"),
                bad("object for reason", "reason", "POST", OPT_OUT, "{\"member\":\"HUN\",\"reason\":{}}"),
                bad("boolean for amount", "amount", "POST", PLEDGES, pledgeWith("").replace("\"1000\"", "true")),
                bad("boolean for targetEur", "targetEur", "POST", FUNDS, proposal("").replace("\"1000\"", "false")),
                bad("text for amount", "amount", "POST", DISBURSE,
                        "{\"amount\":\"ten\",\"currency\":\"EUR\",\"reference\":\"r\"}"),
                bad("bad currency code", "currency", "POST", PLEDGES, pledgeWith("").replace("EUR", "EURO")),
                bad("unknown currency code", "currency", "POST", PLEDGES, pledgeWith("").replace("EUR", "ABC")),
                bad("lowercase currency code", "currency", "POST", DISBURSE,
                        "{\"amount\":\"1\",\"currency\":\"eur\",\"reference\":\"r\"}"),
                bad("lowercase member code", "member", "POST", PLEDGES, pledgeWith("").replace("DEU", "deu")),
                bad("unknown member code", "member", "POST", PLEDGES, pledgeWith("").replace("DEU", "ZZZ")),
                bad("lowercase member in an objection", "member", "POST", OBJECT,
                        "{\"member\":\"deu\",\"reason\":\"r\"}"),
                bad("unknown member in an opt-out", "member", "POST", OPT_OUT, "{\"member\":\"XXX\",\"reason\":\"r\"}"),
                bad("lowercase member in the path", "code", "PUT", "/api/members/deu",
                        "{\"name\":\"x\",\"costShare\":\"1\"}"),
                bad("lowercase member in a withdrawal path", "member", "POST",
                        "/api/funds/{fund}/objections/deu/withdrawal",
                        "{\"reason\":\"r\"}"),
                bad("negative amount", "amount", "POST", PLEDGES, pledgeWith("").replace("\"1000\"", "-5")),
                bad("zero amount", "amount", "POST", PLEDGES, pledgeWith("").replace("\"1000\"", "\"0\"")),
                bad("zero disbursement", "amount", "POST", DISBURSE,
                        "{\"amount\":0,\"currency\":\"EUR\",\"reference\":\"r\"}"),
                bad("negative target", "targetEur", "POST", AMEND, """
                        {"targetEur":"-1","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                         "decisionDeadline":"2024-07-01T00:00:00Z","reason":"r"}"""),
                bad("1e999999 as a number", "amount", "POST", PLEDGES, pledgeWith("").replace("\"1000\"", "1e999999")),
                bad("1e999999 as a string", "amount", "POST", REVISE,
                        "{\"amount\":\"1e999999\",\"kind\":\"REVISION\",\"reason\":\"r\"}"),
                bad("7 fraction digits", "amount", "POST", PLEDGES,
                        pledgeWith("").replace("\"1000\"", "\"1.1234567\"")),
                bad("19 integer digits", "amount", "POST", PLEDGES,
                        pledgeWith("").replace("\"1000\"", "\"1234567890123456789\"")),
                bad("19 integer digits in a target", "targetEur", "POST", FUNDS,
                        proposal("").replace("\"1000\"", "1234567890123456789")),
                bad("reversed period", "periodEnd", "POST", FUNDS,
                        proposal("").replace("2025-01-01", "2026-01-01")),
                bad("reversed period in an amendment", "periodEnd", "POST", AMEND, """
                        {"targetEur":"1","periodStart":"2025-12-31","periodEnd":"2025-01-01",
                         "decisionDeadline":"2024-07-01T00:00:00Z","reason":"r"}"""),
                bad("bad date", "periodStart", "POST", FUNDS, proposal("").replace("2025-01-01", "2025-1-1")),
                bad("impossible date", "periodEnd", "POST", FUNDS, proposal("").replace("2025-12-31", "2025-02-30")),
                bad("bad instant", "decisionDeadline", "POST", FUNDS,
                        proposal("").replace("2024-07-01T00:00:00Z", "next week")),
                bad("instant without offset", "decisionDeadline", "POST", FUNDS,
                        proposal("").replace("2024-07-01T00:00:00Z", "2024-07-01T00:00:00")),
                bad("bad effectiveAt", "effectiveAt", "POST", WITHDRAW,
                        "{\"reason\":\"r\",\"effectiveAt\":\"2024-13-01T00:00:00Z\"}"),
                bad("future effectiveAt", "effectiveAt", "POST", PLEDGES,
                        pledgeWith(",\"effectiveAt\":\"2999-01-01T00:00:00Z\"")),
                bad("future effectiveAt of a decision", "effectiveAt", "POST", DECIDE,
                        "{\"effectiveAt\":\"2999-01-01T00:00:00Z\"}"),
                bad("future effectiveAt of a member", "effectiveAt", "PUT", MEMBER,
                        "{\"name\":\"Germany\",\"costShare\":\"27.5\",\"effectiveAt\":\"2999-01-01T00:00:00Z\"}"),
                bad("empty body", "", "POST", FUNDS, ""),
                bad("empty body of a revision", "", "POST", REVISE, ""),
                bad("empty body of a member", "", "PUT", MEMBER, ""),
                bad("array body", "", "POST", PLEDGES, "[]"),
                bad("string body", "", "POST", OPT_OUT, "\"x\""),
                bad("string body of a decision", "", "POST", DECIDE, "\"x\""),
                bad("null body", "", "POST", WITHDRAW, "null"),
                bad("null body of a proposal", "", "POST", FUNDS, "null"),
                bad("non-EUR without eurRate", "eurRate", "POST", PLEDGES, pledgeWith("").replace("EUR", "USD")),
                bad("non-EUR disbursement without eurRate", "eurRate", "POST", DISBURSE,
                        "{\"amount\":\"1\",\"currency\":\"USD\",\"reference\":\"r\"}"),
                bad("EUR with eurRate 2", "eurRate", "POST", PLEDGES, pledgeWith(",\"eurRate\":2")),
                bad("EUR revision with eurRate 2", "eurRate", "POST", REVISE,
                        """
                        {"amount":"1","currency":"EUR","eurRate":"2","kind":"REVISION","reason":"r"}"""),
                bad("eurRate without currency", "eurRate", "POST", REVISE,
                        "{\"amount\":\"1\",\"eurRate\":\"0.9\",\"kind\":\"REVISION\",\"reason\":\"r\"}"),
                bad("eurRate with 11 fraction digits", "eurRate", "POST", PLEDGES,
                        pledgeWith(",\"eurRate\":\"0.12345678901\"").replace("EUR", "USD")),
                bad("zero eurRate", "eurRate", "POST", PLEDGES, pledgeWith(",\"eurRate\":0").replace("EUR", "USD")),
                bad("unknown revision kind", "kind", "POST", REVISE,
                        "{\"amount\":\"1\",\"kind\":\"UPDATE\",\"reason\":\"r\"}"),
                bad("revision without kind", "kind", "POST", REVISE, "{\"amount\":\"1\",\"reason\":\"r\"}"),
                bad("missing reason", "reason", "POST", WITHDRAW, "{}"),
                bad("blank reference", "reference", "POST", DISBURSE,
                        "{\"amount\":\"1\",\"currency\":\"EUR\",\"reference\":\" \"}"),
                bad("fundId not a slug", "fundId", "POST", FUNDS,
                        proposal("").replace("bad-input-fund", "Clean Water!")),
                bad("fundId too short", "fundId", "POST", FUNDS, proposal("").replace("bad-input-fund", "ab")),
                bad("fundId in the path not a slug", "fundId", "POST", "/api/funds/Not_A_Slug/decisions", "{}"),
                bad("pledge id in the path not a UUID", "pledgeId", "POST", "/api/pledges/not-a-uuid/withdrawal",
                        "{\"reason\":\"r\"}"),
                bad("cost share zero", "costShare", "PUT", MEMBER, "{\"name\":\"Germany\",\"costShare\":\"0\"}"),
                bad("cost share above 100", "costShare", "PUT", MEMBER,
                        "{\"name\":\"Germany\",\"costShare\":\"100.0001\"}"),
                bad("cost share with 5 decimals", "costShare", "PUT", MEMBER,
                        "{\"name\":\"Germany\",\"costShare\":\"1.00001\"}"));
    }

    /** One fund and one pledge to it, for the whole class: they exist, so each refusal is about the body. */
    private void ensureTargets() {
        if (fund == null) {
            fund = proposeFund();
            pledge = pledge(fund, "1000");
            ensureMember("HUN", "1.2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsInvalidInputWritingNothing(String what, String field, String method, String path, String body) {
        ensureTargets();
        String target = path.replace("{fund}", fund).replace("{pledge}", pledge);
        String content = body.replace("{fund}", fund);

        Response r = refused(400, () -> as("secretariat").send(method, target, content, null));

        assertThat(r.json().get("errors").isArray()).isTrue();
        assertThat(r.json().get("errors")).as("errors of %s", r).isNotEmpty();
        r.json().get("errors").forEach(e -> assertThat(e.get("message").asText()).isNotBlank());
        assertThat(r.json().get("errors").findValuesAsText("field")).as("fields of %s", r).contains(field);
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        ensureTargets();
        Response r = refused(400, () -> as("secretariat").post(PLEDGES, """
                {"fundId":"%s","member":"deu","amount":"-1","currency":"ABC","year":2025,
                 "effectiveAt":"2999-01-01T00:00:00Z"}""".formatted(fund)));
        assertThat(r.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("member", "amount", "currency", "effectiveAt");
    }

    @Test
    void acceptsMoneyAsAStringOrANumberWithoutFloatingPoint() {
        ensureTargets();
        Response r = as("secretariat").post(PLEDGES, pledgeWith("").replace("\"1000\"", "0.1000000")
                .replace("{fund}", fund));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("eurAmount").asText()).isEqualTo("0.10");
        Response exponent = as("secretariat").post(PLEDGES, pledgeWith("").replace("\"1000\"", "\"2.5e3\"")
                .replace("{fund}", fund));
        assertThat(exponent.status()).as("%s", exponent).isEqualTo(201);
        assertThat(exponent.json().get("eurAmount").asText()).isEqualTo("2500.00");
    }
}
