package org.commitmentledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** JSON answers go out whole, with their length, instead of chunked after Jackson's flush (ADR 0066). */
class WholeAnswersIntegrationTests extends LedgerHttpTest {

    @Test
    void aJsonAnswerCarriesItsLengthAndIsNotChunked() {
        ensureMember("DEU", "16.1");
        String fund = proposedFund("Whole");
        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"5","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund));
        assertThat(made.status()).isEqualTo(201);
        Response read = as("auditor").get("/api/funds/" + fund);
        Response health = as("auditor").get("/actuator/health/liveness");
        Response refused = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"5","currency":"EUR","year":2025,
                 "effectiveAt":"1990-07-01T00:00:00Z"}""".formatted(fund));
        assertThat(refused.status()).isEqualTo(409);
        for (Response answer : new Response[] {made, read, health, refused}) {
            assertThat(answer.header("Transfer-Encoding")).as(answer.toString()).isNull();
            assertThat(answer.header("Content-Length")).as(answer.toString())
                    .isEqualTo(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void anAnswerLargerThanTheBufferIsStillSentEntire() {
        ensureMember("DEU", "16.1");
        String fund = proposedFund("Large");
        for (int i = 0; i < 40; i++) {
            assertThat(as("secretariat").post("/api/pledges", """
                    {"fundId":"%s","member":"DEU","amount":"%d","currency":"EUR","year":2025,
                     "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, i + 1)).status()).isEqualTo(201);
        }
        Response history = as("auditor").get("/api/funds/" + fund + "/history?limit=1000");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().length()).isGreaterThan(16 * 1024);
        assertThat(history.json().get("events").size()).isEqualTo(41);
    }
}
