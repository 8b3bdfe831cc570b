package org.commitmentledger.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;

/**
 * The contract's errors exactly, over real HTTP: the order of the checks with an Idempotency-Key reused last, 404 for
 * what a path names, instants and currencies the ledger cannot keep, paged histories, reads that would answer
 * another question (asOf in the future, parameters an endpoint does not read), and texts that say what is wrong.
 */
class ContractErrorsIntegrationTests extends LedgerHttpScenarios {

    private static String key() {
        return "contract-" + UUID.randomUUID();
    }

    private static String pledgeBody(String fund, String member, String amount) {
        return """
                {"fundId":"%s","member":"%s","amount":"%s","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund, member, amount);
    }

    private static String detail(Response r) {
        return r.json().get("detail").asText();
    }

    @Test
    void aReusedIdempotencyKeyIsJudgedAfterEveryOtherCheck() {
        ensureMember("DEU", "27.5");
        String fund = proposeFund();
        String key = key();
        Response first = as("secretariat").post("/api/pledges", pledgeBody(fund, "DEU", "100"), key);
        assertThat(first.status()).isEqualTo(201);

        Response malformed = refused(400, () -> as("secretariat").post("/api/pledges", "{\"fundId\":", key));
        assertThat(malformed.json().get("type").asText()).endsWith("/invalid-input");
        refused(400, () -> as("secretariat").post("/api/pledges", pledgeBody(fund, "DEU", "-1"), key));
        refused(404, () -> as("secretariat").post("/api/funds/" + fundId() + "/decisions", "{}", key));
        conflict("not registered", () -> as("secretariat").post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"" + unusedMemberCode() + "\",\"reason\":\"r\"}", key));
        Response reused = refused(422, () -> as("secretariat").post("/api/pledges", pledgeBody(fund, "DEU", "101"),
                key));
        assertThat(reused.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(detail(reused)).contains("another request");
        refused(422, () -> as("secretariat").post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"DEU\",\"reason\":\"would be recorded without the key\"}", key));

        Response retry = as("secretariat").post("/api/pledges", pledgeBody(fund, "DEU", "100"), key);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(as("auditor").get("/api/funds/" + fund).json().get("optOuts")).isEmpty();
    }

    @Test
    void aDelegateActingForAnotherMemberIs403EvenWithAReusedKey() {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "1.2");
        String fund = proposeFund();
        String key = key();
        assertThat(as("delegate-DEU").post("/api/pledges", pledgeBody(fund, "DEU", "100"), key).status())
                .isEqualTo(201);

        refused(403, () -> as("delegate-DEU").post("/api/pledges", pledgeBody(fund, "HUN", "100"), key));
        refused(422, () -> as("delegate-DEU").post("/api/pledges", pledgeBody(fund, "DEU", "200"), key));
    }

    @Test
    void anUnknownMemberInThePathIs404AndAKnownOneWithoutObjection409() {
        ensureMember("HUN", "1.2");
        String fund = proposeFund();
        String never = unusedMemberCode();

        Response unknown = refused(404, () -> as("secretariat").post("/api/funds/" + fund + "/objections/" + never
                + "/withdrawal", "{\"reason\":\"r\"}"));
        assertThat(detail(unknown)).contains("no member " + never + " was ever registered");
        conflict("no objection by HUN", () -> as("secretariat").post("/api/funds/" + fund
                + "/objections/HUN/withdrawal", "{\"reason\":\"r\"}"));
        refused(404, () -> as("secretariat").post("/api/pledges/" + UUID.randomUUID() + "/withdrawal",
                "{\"reason\":\"r\"}"));
    }

    @Test
    void instantsWithMoreThanThreeFractionDigitsAre400() {
        ensureMember("DEU", "27.5");
        String fund = proposeFund();

        Response write = refused(400, () -> as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00.1234Z"}""".formatted(fund)));
        assertThat(write.json().at("/errors/0/field").asText()).isEqualTo("effectiveAt");
        assertThat(write.json().at("/errors/0/message").asText()).contains("4 fraction digits", "at most 3");
        Response read = refused(400, () -> as("auditor").get("/api/funds/" + fund
                + "?effectiveAt=2024-05-01t00:00:00.000001z"));
        assertThat(read.json().at("/errors/0/field").asText()).isEqualTo("effectiveAt");

        Response exact = as("auditor").get("/api/funds/" + fund + "?effectiveAt=2024-05-01T00:00:00.123Z");
        assertThat(exact.status()).isEqualTo(200);
        assertThat(exact.json().get("effectiveAt").asText()).isEqualTo("2024-05-01T00:00:00.123Z");
    }

    @Test
    void onlyActiveIso4217CurrenciesAreAccepted() {
        ensureMember("DEU", "27.5");
        String fund = proposeFund();
        for (String[] code : List.of(new String[] {"XXX", "no currency"}, new String[] {"XTS", "testing"},
                new String[] {"XAU", "precious metal"}, new String[] {"CHE", "funds code"},
                new String[] {"XDR", "unit of account"}, new String[] {"DEM", "withdrawn"},
                new String[] {"QQQ", "not assigned"})) {
            Response r = refused(400, () -> as("secretariat").post("/api/pledges", """
                    {"fundId":"%s","member":"DEU","amount":"1","currency":"%s","eurRate":"1.1","year":2025,
                     "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund, code[0])));
            String message = r.json().at("/errors/0/message").asText();
            assertThat(message).as(code[0]).contains("is not an active ISO 4217 currency", code[0], code[1])
                    .doesNotContain("upper case");
        }
        Response lower = refused(400, () -> as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1","currency":"usd","eurRate":"0.9","year":2025}"""
                .formatted(fund)));
        assertThat(lower.json().at("/errors/0/message").asText()).contains("upper case");
        assertThat(as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1","currency":"XOF","eurRate":"0.0015","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
    }

    @Test
    void fundAndPledgeHistoriesPageLikeTheFeed() {
        String fund = proposeFund();
        String pledge = pledge(fund, "100");
        assertThat(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"150","reason":"more","kind":"REVISION","effectiveAt":"2024-05-02T00:00:00Z"}""").status())
                .isEqualTo(200);
        assertThat(as("secretariat").post("/api/pledges/" + pledge + "/disbursements", """
                {"amount":"10","currency":"EUR","reference":"r","effectiveAt":"2024-05-03T00:00:00Z"}""").status())
                .isEqualTo(200);

        JsonNode whole = as("auditor").get("/api/funds/" + fund + "/history").json();
        assertThat(whole.get("events")).hasSize(4);
        assertThat(whole.get("next").isNull()).isTrue();
        assertThat(followed("/api/funds/" + fund + "/history", 3)).isEqualTo(sequences(whole.get("events")));
        assertThat(followed("/api/funds/" + fund + "/history", 1)).isEqualTo(sequences(whole.get("events")));

        JsonNode pledgeWhole = as("auditor").get("/api/pledges/" + pledge + "/history").json();
        assertThat(pledgeWhole.get("events")).hasSize(3);
        assertThat(pledgeWhole.get("pledgeId").asText()).isEqualTo(pledge);
        assertThat(followed("/api/pledges/" + pledge + "/history", 2)).isEqualTo(sequences(pledgeWhole.get("events")));

        for (String bad : List.of("limit=0", "limit=1001", "after=-1", "limit=x")) {
            refused(400, () -> as("auditor").get("/api/funds/" + fund + "/history?" + bad));
            refused(400, () -> as("auditor").get("/api/pledges/" + pledge + "/history?" + bad));
        }
        JsonNode beyond = as("auditor").get("/api/funds/" + fund + "/history?after=" + Long.MAX_VALUE / 2).json();
        assertThat(beyond.get("events")).isEmpty();
        assertThat(beyond.get("next").isNull()).isTrue();
    }

    /** Follows {@code next} from the first page of {@code limit} events and answers every sequence seen. */
    private List<Long> followed(String path, int limit) {
        List<Long> seen = new ArrayList<>();
        JsonNode page = as("auditor").get(path + "?limit=" + limit).json();
        while (true) {
            assertThat(page.get("events").size()).isLessThanOrEqualTo(limit);
            seen.addAll(sequences(page.get("events")));
            if (page.get("next").isNull()) {
                return seen;
            }
            page = as("auditor").get(path + "?limit=" + limit + "&after=" + page.get("next").asLong()).json();
        }
    }

    private static List<Long> sequences(JsonNode events) {
        List<Long> sequences = new ArrayList<>();
        events.forEach(e -> sequences.add(e.get("sequence").asLong()));
        return sequences;
    }

    @Test
    void aReadAsOfTheFutureIs400() {
        String fund = proposeFund();
        for (String path : List.of("/api/funds", "/api/funds/" + fund, "/api/funds/" + fund + "/history",
                "/api/funds/" + fund + "/timeline", "/api/events", "/api/members")) {
            Response r = refused(400, () -> as("auditor").get(path + "?asOf=2999-01-01T00:00:00Z"));
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("asOf");
            assertThat(r.json().at("/errors/0/message").asText()).contains("lies in the future");
        }
    }

    @Test
    void aQueryParameterTheEndpointDoesNotReadIs400NamingTheAcceptedOnes() {
        String fund = proposeFund();
        for (String misspelled : List.of("asof", "as_of", "effectiveat")) {
            Response r = refused(400, () -> as("auditor").get("/api/funds/" + fund + "?" + misspelled
                    + "=2024-05-01T00:00:00Z"));
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo(misspelled);
            assertThat(r.json().at("/errors/0/message").asText()).contains("asOf, effectiveAt");
        }
        for (String path : List.of("/api/funds/" + fund + "/history", "/api/funds/" + fund + "/timeline",
                "/api/events")) {
            Response r = refused(400, () -> as("auditor").get(path + "?effectiveAt=2024-05-01T00:00:00Z"));
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("effectiveAt");
        }
        Response none = refused(400, () -> as("auditor").get("/api/audit/digest?sequence=1"));
        assertThat(none.json().at("/errors/0/message").asText()).contains("takes no query parameters");
        refused(400, () -> as("secretariat").post("/api/funds?dryRun=true", "{}"));

        assertThat(as("auditor").get("/api/funds/" + fund + "?asOf=" + java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + "&effectiveAt=2024-05-01T00:00:00Z").status())
                .isEqualTo(200);
    }

    @Test
    void documentationActuatorAndStaticResourcesKeepTheirOwnParameters() {
        assertThat(as("auditor").get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(as("auditor").get("/v3/api-docs/swagger-config").status()).isEqualTo(200);
        assertThat(as("auditor").get("/swagger-ui/index.html?configUrl=/v3/api-docs/swagger-config").status())
                .isEqualTo(200);
        assertThat(anonymous().get("/actuator/health?probe=1").status()).isEqualTo(200);
        assertThat(as("admin").get("/actuator/metrics/jvm.memory.used?tag=area:heap").status()).isEqualTo(200);
        assertThat(as("auditor").get("/?v=1").status()).isEqualTo(200);
    }

    @Test
    void anUnknownFundSaysWhetherItWasNeverRecordedNotYetRecordedOrNotYetInForce() {
        String fund = proposeFund();
        String never = fundId();

        assertThat(detail(refused(404, () -> as("auditor").get("/api/funds/" + never))))
                .contains("no fund " + never + " was ever recorded");
        assertThat(detail(refused(404, () -> as("auditor").get("/api/funds/" + fund
                + "?effectiveAt=2024-01-01T00:00:00Z"))))
                .contains("is recorded, but was not yet in force at effectiveAt 2024-01-01T00:00:00.000Z");
        assertThat(detail(refused(404, () -> as("auditor").get("/api/funds/" + fund
                + "/history?asOf=2000-01-01T00:00:00Z"))))
                .contains("was not yet recorded at asOf 2000-01-01T00:00:00.000Z", "first recorded at");
        assertThat(detail(refused(404, () -> as("auditor").get("/api/pledges/" + UUID.randomUUID()))))
                .contains("was ever recorded");
    }

    @Test
    void aPlusThatArrivedAsASpaceGetsAHint() {
        Response r = refused(400, () -> as("auditor").get("/api/funds?asOf=2024-07-10T14:00:00+02:00"));
        assertThat(r.json().at("/errors/0/message").asText()).contains("2024-07-10T14:00:00 02:00", "%2B");
        assertThat(as("auditor").get("/api/funds?asOf=2024-07-10T14:00:00%2B02:00").status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIsTheLedgersOwn404() {
        for (Response r : List.of(as("auditor").get("/api/fundz"), as("auditor").get("/api/funds/x/y/z"),
                as("auditor").get("/nothing.js"))) {
            assertProblem(r, 404);
            assertThat(detail(r)).contains("the ledger has no endpoint GET /").doesNotContain("static resource");
        }
    }

    @Test
    void verifyMessagesKeepTheFieldNameApartFromTheText() {
        Response r = refused(400, () -> as("auditor").get("/api/audit/verify?digest=" + "0".repeat(64)
                + "&sequence=99999999"));
        assertThat(detail(r)).startsWith("sequence: no event with sequence 99999999");
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("sequence");
    }
}
