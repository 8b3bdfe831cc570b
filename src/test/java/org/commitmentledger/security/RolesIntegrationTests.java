package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may write what, over real HTTP: every role against every write endpoint of the contract, in the contract's
 * order (401, 403 role, 403 delegate), and who is named as the actor of what was recorded.
 */
class RolesIntegrationTests extends LedgerHttpTest {

    /** The member the delegate under test is bound to, and another member. */
    static final String OWN = "LIE";
    static final String OTHER = "MCO";

    enum Outcome { UNAUTHENTICATED, ROLE_FORBIDDEN, DELEGATE_FORBIDDEN, RECORDED }

    /** One write: prepared by the secretariat as far as it needs to be valid, then sent by the user under test. */
    record Call(String method, String path, String body) {
    }

    /** A write endpoint, whether only the SECRETARIAT may use it, and how to build a valid call to it. */
    record Endpoint(String name, boolean secretariatOnly, Function<RolesIntegrationTests, Call> prepare) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Role(String user, String role) {
        @Override
        public String toString() {
            return user == null ? "anonymous" : user;
        }
    }

    static final List<Endpoint> WRITES = List.of(
            new Endpoint("PUT /api/members/{code}", true, t -> new Call("PUT", "/api/members/" + OWN,
                    "{\"name\":\"" + OWN + "\",\"costShare\":\"0.5\"}")),
            new Endpoint("POST /api/funds", true, t -> new Call("POST", "/api/funds", proposal(fundId(),
                    "2030-01-01T00:00:00Z"))),
            new Endpoint("POST /api/funds/{id}/amendments", true, t -> new Call("POST",
                    "/api/funds/" + t.openFund() + "/amendments", """
                            {"targetEur":"2000000","periodStart":"2025-01-01","periodEnd":"2026-12-31",
                             "decisionDeadline":"2031-01-01T00:00:00Z","reason":"more time",
                             "effectiveAt":"2024-02-01T00:00:00Z"}""")),
            new Endpoint("POST /api/funds/{id}/objections", false, t -> new Call("POST",
                    "/api/funds/" + t.openFund() + "/objections", """
                            {"member":"%s","reason":"too costly","effectiveAt":"2024-02-01T00:00:00Z"}"""
                            .formatted(OWN))),
            new Endpoint("POST /api/funds/{id}/objections/{member}/withdrawal", false, t -> {
                String fund = t.openFund();
                t.secretariat(new Call("POST", "/api/funds/" + fund + "/objections", """
                        {"member":"%s","reason":"too costly","effectiveAt":"2024-02-01T00:00:00Z"}"""
                        .formatted(OWN)));
                return new Call("POST", "/api/funds/" + fund + "/objections/" + OWN + "/withdrawal",
                        "{\"reason\":\"convinced\",\"effectiveAt\":\"2024-02-02T00:00:00Z\"}");
            }),
            new Endpoint("POST /api/funds/{id}/opt-outs", false, t -> new Call("POST",
                    "/api/funds/" + t.openFund() + "/opt-outs", """
                            {"member":"%s","reason":"not our priority","effectiveAt":"2024-02-01T00:00:00Z"}"""
                            .formatted(OWN))),
            new Endpoint("POST /api/funds/{id}/decisions", true, t -> {
                String fund = fundId();
                t.secretariat(new Call("POST", "/api/funds", proposal(fund, "2024-06-01T00:00:00Z")));
                return new Call("POST", "/api/funds/" + fund + "/decisions",
                        "{\"effectiveAt\":\"2024-07-01T00:00:00Z\"}");
            }),
            new Endpoint("POST /api/pledges", false, t -> new Call("POST", "/api/pledges",
                    pledge(t.openFund(), OWN))),
            new Endpoint("POST /api/pledges/{id}/revisions", false, t -> new Call("POST",
                    "/api/pledges/" + t.pledgeOfOwnMember() + "/revisions", """
                            {"amount":"2500","reason":"budget law","kind":"REVISION",
                             "effectiveAt":"2024-04-01T00:00:00Z"}""")),
            new Endpoint("POST /api/pledges/{id}/withdrawal", false, t -> new Call("POST",
                    "/api/pledges/" + t.pledgeOfOwnMember() + "/withdrawal",
                    "{\"reason\":\"cabinet fell\",\"effectiveAt\":\"2024-04-01T00:00:00Z\"}")),
            new Endpoint("POST /api/pledges/{id}/disbursements", false, t -> new Call("POST",
                    "/api/pledges/" + t.pledgeOfOwnMember() + "/disbursements", """
                            {"amount":"100","currency":"EUR","reference":"transfer 1",
                             "effectiveAt":"2024-04-01T00:00:00Z"}""")));

    static final List<Role> ROLES = List.of(new Role(null, null), new Role("auditor", "AUDITOR"),
            new Role("admin", "ADMIN"), new Role("secretariat", "SECRETARIAT"),
            new Role("delegate-" + OWN, "DELEGATE"), new Role("delegate-" + OTHER, "DELEGATE"));

    static Outcome expected(Role role, Endpoint endpoint) {
        if (role.user() == null) {
            return Outcome.UNAUTHENTICATED;
        }
        return switch (role.role()) {
            case "SECRETARIAT" -> Outcome.RECORDED;
            case "DELEGATE" -> endpoint.secretariatOnly() ? Outcome.ROLE_FORBIDDEN
                    : role.user().equals("delegate-" + OWN) ? Outcome.RECORDED : Outcome.DELEGATE_FORBIDDEN;
            default -> Outcome.ROLE_FORBIDDEN;
        };
    }

    static Stream<Arguments> everyRoleAgainstEveryWrite() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : WRITES) {
            for (Role role : ROLES) {
                cases.add(Arguments.of(role, endpoint, expected(role, endpoint)));
            }
        }
        return cases.stream();
    }

    @BeforeEach
    void members() {
        ensureMember(OWN, "0.5");
        ensureMember(OTHER, "0.25");
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("everyRoleAgainstEveryWrite")
    void answersEachRoleAsTheContractSays(Role role, Endpoint endpoint, Outcome outcome) {
        Call call = endpoint.prepare().apply(this);
        long before = eventCount();

        Response response = (role.user() == null ? anonymous() : as(role.user()))
                .send(call.method(), call.path(), call.body(), null);

        switch (outcome) {
            case UNAUTHENTICATED -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
            }
            case ROLE_FORBIDDEN -> {
                assertForbidden(response);
                assertThat(response.json().get("detail").asText())
                        .contains("your role may not use " + call.method())
                        .contains(endpoint.secretariatOnly() ? "for SECRETARIAT only"
                                : "AUDITOR and ADMIN record nothing in the ledger");
            }
            case DELEGATE_FORBIDDEN -> {
                assertForbidden(response);
                assertThat(response.json().get("detail").asText())
                        .isEqualTo("a delegate acts only for its own member: delegate-" + OTHER
                                + " may not act for " + OWN);
            }
            case RECORDED -> {
                assertThat(response.status()).as(response.toString()).isBetween(200, 201);
                assertThat(eventCount()).isEqualTo(before + 1);
                JsonNode entry = feedEntry(response.json().get("sequence").asLong());
                assertThat(entry.get("actor").get("user").asText()).isEqualTo(role.user());
                assertThat(entry.get("actor").get("role").asText()).isEqualTo(role.role());
                return;
            }
        }
        assertThat(eventCount()).as("a refused request records nothing").isEqualTo(before);
    }

    @Test
    void readsAreOpenToEveryRoleButNotToAnonymousCallers() {
        String fund = openFund();
        String pledge = pledgeOfOwnMember();
        List<String> reads = List.of("/api/events?limit=5", "/api/funds/" + fund + "/history",
                "/api/pledges/" + pledge + "/history", "/api/audit/digest");
        for (String path : reads) {
            for (Role role : ROLES) {
                Response response = role.user() == null ? anonymous().get(path) : as(role.user()).get(path);
                assertThat(response.status()).as(role + " GET " + path + ": " + response)
                        .isEqualTo(role.user() == null ? 401 : 200);
            }
        }
    }

    @Test
    void refusesWrongPasswordsAndUnknownUsersWithAChallenge() {
        List<String[]> credentials = List.of(new String[] {"auditor", "wrong"}, new String[] {"nobody", "nobody"},
                new String[] {"delegate-lie", "delegate-lie"}, new String[] {"secretariat", ""});
        for (String[] credential : credentials) {
            HttpResponse<String> response = getWithPassword("/api/events", credential[0], credential[1]);
            assertThat(response.statusCode()).as(credential[0]).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Basic realm=\"commitment-ledger\", charset=\"UTF-8\"");
            assertThat(response.body()).contains("\"status\":401").contains("/unauthenticated\"");
        }
    }

    @Test
    void delegateOfAMemberCanLogInOnlyOnceTheMemberIsRegistered() {
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = 'BVT'",
                Integer.class)).as("no test registers BVT before this one").isZero();
        assertThat(as("delegate-BVT").get("/api/events?limit=1").status()).isEqualTo(401);

        ensureMember("BVT", "0.01");

        assertThat(as("delegate-BVT").get("/api/events?limit=1").status()).isEqualTo(200);
        assertThat(as("delegate-BVT").post("/api/funds/" + openFund() + "/objections", """
                {"member":"BVT","reason":"ours to make","effectiveAt":"2024-02-01T00:00:00Z"}""").status())
                .isEqualTo(200);
    }

    @Test
    void onlyAdminPassesTheRoleRuleOfAdminOperations() {
        String path = "/api/admin/no-such-operation";
        assertThat(anonymous().post(path, "{}").status()).isEqualTo(401);
        for (String user : List.of("auditor", "secretariat", "delegate-" + OWN)) {
            Response response = as(user).post(path, "{}");
            assertForbidden(response);
            assertThat(response.json().get("detail").asText()).contains("for ADMIN only");
        }
        assertThat(as("admin").post(path, "{}").status()).isNotIn(401, 403);
    }

    @Test
    void actorOfEachEventIsTheAuthenticatedUserNotAnythingInTheBody() {
        String fund = openFund();
        Response byDelegate = as("delegate-" + OWN).post("/api/pledges", pledge(fund, OWN)
                .replace("{", "{\"actor\":{\"user\":\"secretariat\",\"role\":\"SECRETARIAT\"},"));
        assertThat(byDelegate.status()).as("unknown fields such as actor are rejected").isEqualTo(400);

        Response pledged = as("delegate-" + OWN).post("/api/pledges", pledge(fund, OWN));
        Response disbursed = as("secretariat").post("/api/pledges/" + pledged.json().get("pledgeId").asText()
                + "/disbursements", """
                {"amount":"10","currency":"EUR","reference":"t1","effectiveAt":"2024-04-01T00:00:00Z"}""");

        JsonNode history = as("auditor").get("/api/pledges/" + pledged.json().get("pledgeId").asText()
                + "/history").json().get("events");
        assertThat(history.get(0).get("actor").toString())
                .isEqualTo("{\"user\":\"delegate-LIE\",\"role\":\"DELEGATE\"}");
        assertThat(history.get(1).get("actor").toString())
                .isEqualTo("{\"user\":\"secretariat\",\"role\":\"SECRETARIAT\"}");
        assertThat(feedEntry(disbursed.json().get("sequence").asLong()).get("actor").get("user").asText())
                .isEqualTo("secretariat");
    }

    private HttpResponse<String> getWithPassword(String path, String user, String password) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + password).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertForbidden(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).endsWith("/forbidden");
        assertThat(response.json().get("status").asInt()).isEqualTo(403);
    }

    JsonNode feedEntry(long sequence) {
        JsonNode entry = as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1").json()
                .get("events").get(0);
        assertThat(entry.get("sequence").asLong()).isEqualTo(sequence);
        return entry;
    }

    /** A fund with an open round whose deadline lies ahead, proposed 2024-01-01 for 2025. */
    String openFund() {
        String fund = fundId();
        secretariat(new Call("POST", "/api/funds", proposal(fund, "2030-01-01T00:00:00Z")));
        return fund;
    }

    String pledgeOfOwnMember() {
        return secretariat(new Call("POST", "/api/pledges", pledge(openFund(), OWN))).json().get("pledgeId")
                .asText();
    }

    Response secretariat(Call call) {
        Response response = as("secretariat").send(call.method(), call.path(), call.body(), null);
        assertThat(response.status()).as("setup " + call + ": " + response).isBetween(200, 201);
        return response;
    }

    static String proposal(String fund, String deadline) {
        return """
                {"fundId":"%s","name":"Roles","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"%s","effectiveAt":"2024-01-01T00:00:00Z"}"""
                .formatted(fund, deadline);
    }

    static String pledge(String fund, String member) {
        return """
                {"fundId":"%s","member":"%s","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(fund, member);
    }
}
