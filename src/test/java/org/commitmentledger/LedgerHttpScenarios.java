package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Steps shared by the HTTP tests of the write endpoints: a fund proposed in April 2024 for 2025 with its decision
 * deadline on 1 July 2024 (so it can be decided without effectiveAt lying in the future), pledges to it, and the
 * checks every refusal must pass. Adds no configuration: the shared context of {@link LedgerHttpTest} is reused.
 */
public abstract class LedgerHttpScenarios extends LedgerHttpTest {

    protected static final String PROPOSED_AT = "2024-04-02T00:00:00Z";
    protected static final String DEADLINE = "2024-07-01T00:00:00Z";

    /** Proposes a fund for 2025 (deadline 2024-07-01, effective 2024-04-02) and answers its id. */
    protected String proposeFund() {
        String fund = fundId();
        Response r = as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Fund %s","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"%s","effectiveAt":"%s"}"""
                .formatted(fund, fund, DEADLINE, PROPOSED_AT));
        assertThat(r.status()).as("proposal: %s", r).isEqualTo(201);
        return fund;
    }

    /** Concludes the open round at its deadline and answers the decision. */
    protected Response decide(String fund) {
        Response r = as("secretariat").post("/api/funds/" + fund + "/decisions",
                "{\"effectiveAt\":\"" + DEADLINE + "\"}");
        assertThat(r.status()).as("decision: %s", r).isEqualTo(200);
        return r;
    }

    /** A pledge by DEU to the fund for 2025, in EUR, effective 2024-05-01; answers its id. */
    protected String pledge(String fund, String amountEur) {
        ensureMember("DEU", "27.5");
        Response r = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"%s","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund, amountEur));
        assertThat(r.status()).as("pledge: %s", r).isEqualTo(201);
        return r.json().get("pledgeId").asText();
    }

    /** Sends the request and checks it is refused with that status as problem+json, writing nothing. */
    protected Response refused(int status, Supplier<Response> request) {
        long before = eventCount();
        Response r = request.get();
        assertThat(r.status()).as("answer: %s", r).isEqualTo(status);
        assertProblem(r, status);
        assertThat(eventCount()).as("events after a refused request").isEqualTo(before);
        return r;
    }

    protected static void assertProblem(Response r, int status) {
        assertThat(r.contentType()).as("content type of %s", r).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().hasNonNull("type")).isTrue();
        assertThat(r.json().hasNonNull("title")).isTrue();
        assertThat(r.json().hasNonNull("detail")).isTrue();
    }

    /** A 409 whose detail names the rule. */
    protected Response conflict(String ruleWords, Supplier<Response> request) {
        Response r = refused(409, request);
        assertThat(r.json().get("detail").asText()).contains(ruleWords);
        return r;
    }

    /**
     * Codes that tests name literally, some of them to assert they are not registered (BVT, 404): the random pick
     * below never takes one, so a test's fixed code cannot have been registered by another test's random one.
     */
    private static final Set<String> NAMED_BY_TESTS = Set.of("AND", "AUT", "BEL", "BGR", "BVT", "CAN", "CHE", "CYP",
            "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "FSM", "GBR", "GRC", "HRV", "HUN", "IRL", "ISL", "ITA",
            "KIR", "LIE", "LTU", "LUX", "LVA", "MCO", "MHL", "MLT", "NIU", "NLD", "NOR", "NRU", "PLW", "POL", "PRT",
            "ROU", "SMR", "SVK", "SVN", "SWE", "TON", "TUR", "TUV", "USA", "VUT", "WSM");

    /** Codes already handed out by {@link #unusedMemberCode()} in this JVM, registered or not (yet). */
    private static final Set<String> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * An ISO 3166-1 alpha-3 code no test has registered yet in this database, none that a test names, and none this
     * method returned before (a test may take several before registering any).
     */
    protected String unusedMemberCode() {
        List<String> codes = new ArrayList<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));
        codes.removeAll(NAMED_BY_TESTS);
        codes.removeAll(HANDED_OUT);
        while (!codes.isEmpty()) {
            String code = codes.remove(ThreadLocalRandom.current().nextInt(codes.size()));
            Long used = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                    Long.class, code);
            if (used != null && used == 0 && HANDED_OUT.add(code)) {
                return code;
            }
        }
        throw new AssertionError("every member code is already registered");
    }
}
