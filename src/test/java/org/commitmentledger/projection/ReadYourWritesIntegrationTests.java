package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A client that got 2xx for a write sees it in the very next read: no sleep, no retry (ADR 0005: the write answers
 * only once the streaming processor has applied its event).
 */
class ReadYourWritesIntegrationTests extends PointInTimeHttpTest {

    private static final int ITERATIONS = 200;

    @Test
    void everyAcknowledgedWriteIsVisibleToTheNextRead() {
        ensureMember("WSM", "1");
        int year = Year.now(ZoneOffset.UTC).getValue();
        String fund = fundId();
        written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Read your writes","targetEur":"1000000","periodStart":"%d-01-01",
                 "periodEnd":"%d-12-31","decisionDeadline":"%s"}"""
                .formatted(fund, year, year + 1, Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS))));
        assertThat(ok(as("auditor").get("/api/funds/" + fund)).get("status").asText()).isEqualTo("PROPOSED");
        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"WSM","amount":"1000","currency":"EUR","year":%d}""".formatted(fund, year));
        written(made);
        String pledge = made.json().get("pledgeId").asText();
        BigDecimal others = BigDecimal.ZERO;

        for (int i = 1; i <= ITERATIONS; i++) {
            String amount = new BigDecimal(1000 + i).add(new BigDecimal("0.25")).toPlainString();
            long sequence = written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                    {"amount":"%s","reason":"iteration %d","kind":"REVISION"}""".formatted(amount, i)));

            JsonNode read = ok(as("auditor").get("/api/pledges/" + pledge));
            assertThat(read.get("eurAmount").asText()).as("pledge read after revision %d", i).isEqualTo(amount);
            assertThat(read.get("lastSequence").asLong()).isGreaterThanOrEqualTo(sequence);
            JsonNode total = ok(as("auditor").get("/api/funds/" + fund));
            assertThat(total.get("pledgedEur").asText()).as("fund read after revision %d", i)
                    .isEqualTo(new BigDecimal(amount).add(others).setScale(2).toPlainString());

            if (i % 20 == 0) {
                Response another = as("secretariat").post("/api/pledges", """
                        {"fundId":"%s","member":"WSM","amount":"7","currency":"EUR","year":%d}""".formatted(fund, year));
                written(another);
                others = others.add(new BigDecimal("7"));
                assertThat(as("auditor").get("/api/pledges/" + another.json().get("pledgeId").asText()).status())
                        .as("new pledge read after iteration %d", i).isEqualTo(200);
            }
        }
    }
}
