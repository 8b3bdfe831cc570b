package org.commitmentledger.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency-Key over real HTTP: retries, other bodies, other users, races, errors, storage and expiry. */
class IdempotencyIntegrationTests extends LedgerHttpTest {

    private static final String MEMBER = "LIE";

    @Autowired
    IdempotencyStore store;

    private String fund;

    @BeforeEach
    void fund() {
        ensureMember(MEMBER, "0.5");
        fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Idempotency","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2030-01-01T00:00:00Z",
                 "effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
    }

    private String pledgeBody(String amount) {
        return """
                {"fundId":"%s","member":"%s","amount":%s,"currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(fund, MEMBER, amount);
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private long pledgesOfFund() {
        Long n = jdbc.queryForObject("select count(*) from pledge_directory where fund_id = ?", Long.class, fund);
        return n == null ? 0 : n;
    }

    @Test
    void retryWithSameKeyAndSameBodyGetsTheFirstAnswerAndRecordsNothing() {
        String key = key();
        long before = eventCount();
        Response first = as("secretariat").post("/api/pledges", pledgeBody("1500"), key);
        assertThat(first.status()).isEqualTo(201);

        String sameMeaning = """
                {  "effectiveAt" : "2024-03-01T00:00:00Z", "year":2025, "currency":"EUR",
                   "amount": 1.5e3, "member":"%s",
                   "fundId":"%s" }""".formatted(MEMBER, fund);
        Response retry = as("secretariat").post("/api/pledges", sameMeaning, key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).startsWith("/api/pledges/");
        assertThat(retry.contentType()).isEqualTo(first.contentType());
        assertThat(retry.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(first.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(pledgesOfFund()).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherValidBodyOrEndpointIs422AndRecordsNothing() {
        String key = key();
        assertThat(as("secretariat").post("/api/pledges", pledgeBody("1500"), key).status()).isEqualTo(201);
        long before = eventCount();

        Response otherAmount = as("secretariat").post("/api/pledges", pledgeBody("1501"), key);
        Response otherEndpoint = as("secretariat").post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"" + MEMBER + "\",\"reason\":\"r\"}", key);
        Response invalidBody = as("secretariat").post("/api/pledges", "{\"fundId\":", key);

        // the 422 comes last: a body that is malformed on its own is told so first
        assertThat(invalidBody.status()).as(invalidBody.toString()).isEqualTo(400);
        for (Response refused : List.of(otherAmount, otherEndpoint)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asText()).endsWith("/idempotency-key-reused");
            assertThat(refused.json().get("detail").asText()).contains("another request");
        }
        assertThat(eventCount()).isEqualTo(before);
        assertThat(pledgesOfFund()).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirUser() {
        String key = key();
        Response bySecretariat = as("secretariat").post("/api/pledges", pledgeBody("1500"), key);
        Response byDelegate = as("delegate-" + MEMBER).post("/api/pledges", pledgeBody("1500"), key);

        assertThat(bySecretariat.status()).isEqualTo(201);
        assertThat(byDelegate.status()).isEqualTo(201);
        assertThat(byDelegate.json().get("pledgeId")).isNotEqualTo(bySecretariat.json().get("pledgeId"));
        assertThat(byDelegate.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(pledgesOfFund()).isEqualTo(2);
    }

    @Test
    void concurrentDuplicatesRecordOnceAndGetTheFirstAnswerOrAn409() throws Exception {
        for (int round = 0; round < 5; round++) {
            String key = key();
            long before = eventCount();
            long pledgesBefore = pledgesOfFund();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<CompletableFuture<Response>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return as("secretariat").post("/api/pledges", pledgeBody("700"), key);
                    }, threads));
                }
                start.countDown();
                List<Response> responses = answers.stream().map(CompletableFuture::join).toList();

                List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
                assertThat(created).as(responses.toString()).isNotEmpty();
                assertThat(created).extracting(Response::body).containsOnly(created.get(0).body());
                for (Response other : responses) {
                    if (other.status() != 201) {
                        assertThat(other.status()).isEqualTo(409);
                        assertThat(other.json().get("detail").asText())
                                .startsWith("a request with this Idempotency-Key is still in flight");
                        assertThat(other.header("Retry-After")).isEqualTo("1");
                    }
                }
                assertThat(eventCount()).isEqualTo(before + 1);
                assertThat(pledgesOfFund()).isEqualTo(pledgesBefore + 1);
                Response later = as("secretariat").post("/api/pledges", pledgeBody("700"), key);
                assertThat(later.body()).isEqualTo(created.get(0).body());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aKeyStillInFlightIs409() {
        String key = key();
        String body = pledgeBody("1500");
        jdbc.update("insert into idempotent_request (user_name, request_key, request_hash, state, claim, created_at) "
                        + "values (?, ?, ?, 'IN_FLIGHT', ?, ?)", "secretariat", key,
                RequestFingerprint.of("POST", "/api/pledges", body.getBytes(StandardCharsets.UTF_8)),
                UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        long before = eventCount();

        Response response = as("secretariat").post("/api/pledges", body, key);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText())
                .startsWith("a request with this Idempotency-Key is still in flight");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(row("secretariat", key).get("state")).isEqualTo("IN_FLIGHT");
    }

    @Test
    void aKeyLeftInFlightByACrashedNodeIsTakenOver() {
        String key = key();
        String body = pledgeBody("1500");
        jdbc.update("insert into idempotent_request (user_name, request_key, request_hash, state, claim, created_at) "
                        + "values (?, ?, ?, 'IN_FLIGHT', ?, ?)", "secretariat", key,
                RequestFingerprint.of("POST", "/api/pledges", body.getBytes(StandardCharsets.UTF_8)),
                UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(6));

        Response response = as("secretariat").post("/api/pledges", body, key);

        assertThat(response.status()).isEqualTo(201);
        assertThat(row("secretariat", key)).containsEntry("state", "DONE").containsEntry("status", 201);
        assertThat(pledgesOfFund()).isEqualTo(1);
    }

    @Test
    void aRequestThatOutlivedItsClaimAndWasTakenOverRecordsNothing() throws Exception {
        String key = key();
        String body = pledgeBody("1500");
        CompletableFuture<Response> slow;
        CompletableFuture<Response> retry;
        // the chain lock held here keeps the first request's write waiting, as a very slow write would
        try (java.sql.Connection lock = jdbc.getDataSource().getConnection();
             java.sql.Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.executeQuery("select last_sequence from chain_head where id = 1 for update").close();
            slow = CompletableFuture.supplyAsync(() -> as("secretariat").post("/api/pledges", body, key));
            awaitRow("secretariat", key);
            jdbc.update("update idempotent_request set created_at = ? where user_name = ? and request_key = ?",
                    OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(6), "secretariat", key);
            retry = CompletableFuture.supplyAsync(() -> as("secretariat").post("/api/pledges", body, key));
            Thread.sleep(1_000);
            lock.commit();
        }
        Response first = slow.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Response second = retry.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(first.status()).as(first.toString()).isEqualTo(409);
        assertThat(first.json().get("type").asText()).endsWith("concurrent-write");
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(pledgesOfFund()).isEqualTo(1);
        Response again = as("secretariat").post("/api/pledges", body, key);
        assertThat(again.body()).isEqualTo(second.body());
        assertThat(pledgesOfFund()).isEqualTo(1);
    }

    private void awaitRow(String user, String key) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (jdbc.queryForObject("select count(*) from idempotent_request where user_name = ? and request_key = ?",
                    Integer.class, user, key) == 1) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the first request never claimed its key");
    }

    @Test
    void errorAnswersAreRepeatedToo() {
        String key = key();
        String withdrawal = "/api/funds/" + fund + "/objections/" + MEMBER + "/withdrawal";
        String body = "{\"reason\":\"changed our mind\",\"effectiveAt\":\"2024-02-01T00:00:00Z\"}";
        Response refused = as("secretariat").post(withdrawal, body, key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);

        assertThat(as("secretariat").post("/api/funds/" + fund + "/objections", """
                {"member":"%s","reason":"too costly","effectiveAt":"2024-01-15T00:00:00Z"}""".formatted(MEMBER))
                .status()).isEqualTo(200);
        long before = eventCount();

        Response retry = as("secretariat").post(withdrawal, body, key);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body()).isEqualTo(refused.body());
        assertThat(retry.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(eventCount()).as("the objection stands, but the retry is only a retry").isEqualTo(before);
        assertThat(as("secretariat").post(withdrawal, body, key()).status())
                .as("the same withdrawal under a new key is a new request").isEqualTo(200);
    }

    @Test
    void answersAreKeptInTheDatabase() {
        String key = key();
        Response created = as("delegate-" + MEMBER).post("/api/pledges", pledgeBody("1500"), key);

        Map<String, Object> row = row("delegate-" + MEMBER, key);

        assertThat(row).containsEntry("state", "DONE").containsEntry("status", 201)
                .containsEntry("location", created.header("Location"));
        assertThat(new String((byte[]) row.get("response_body"), StandardCharsets.UTF_8)).isEqualTo(created.body());
        assertThat((String) row.get("content_type")).startsWith("application/json");
        assertThat((String) row.get("request_hash")).matches("[0-9a-f]{64}");
    }

    @Test
    void keysOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        String old = key();
        String young = key();
        for (String key : List.of(old, young)) {
            assertThat(as("secretariat").post("/api/pledges", pledgeBody("10"), key).status()).isEqualTo(201);
        }
        jdbc.update("update idempotent_request set created_at = ? where request_key = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(48).minusMinutes(1), old);
        jdbc.update("update idempotent_request set created_at = ? where request_key = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(47), young);

        assertThat(store.purgeExpired()).isPositive();

        assertThat(jdbc.queryForList("select request_key from idempotent_request where request_key in (?, ?)",
                String.class, old, young)).containsExactly(young);
        Response again = as("secretariat").post("/api/pledges", pledgeBody("10"), old);
        assertThat(again.status()).as("an expired key is a new request").isEqualTo(201);
        assertThat(again.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
    }

    @Test
    void malformedKeysAre400() {
        long before = eventCount();
        for (String key : List.of("k".repeat(201), "tab\tinside", "")) {
            Response response = as("secretariat").post("/api/pledges", pledgeBody("1500"), key);
            assertThat(response.status()).as("key " + key).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(as("secretariat").post("/api/pledges", pledgeBody("1500"), "k".repeat(200)).status())
                .isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void authenticationAndRoleAreCheckedBeforeTheKey() {
        String key = key();
        assertThat(anonymous().post("/api/pledges", pledgeBody("1500"), key).status()).isEqualTo(401);
        assertThat(as("auditor").post("/api/pledges", pledgeBody("1500"), key).status()).isEqualTo(403);
        assertThat(as("auditor").post("/api/pledges", pledgeBody("1500"), "").status()).isEqualTo(403);

        assertThat(jdbc.queryForObject("select count(*) from idempotent_request where request_key = ?",
                Integer.class, key)).isZero();
    }

    private Map<String, Object> row(String user, String key) {
        Map<String, Object> row = new java.util.HashMap<>();
        jdbc.queryForMap("select state, status, location, response_body, content_type, request_hash "
                + "from idempotent_request where user_name = ? and request_key = ?", user, key)
                .forEach((column, value) -> row.put(column.toLowerCase(java.util.Locale.ROOT), value));
        return row;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
