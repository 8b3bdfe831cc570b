package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerSmokeIntegrationTests extends LedgerHttpTest {

    @Test
    void recordsAProposalAndShowsItInTheFeed() {
        String fund = fundId();
        Response proposed = as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Smoke","targetEur":"1000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z",
                 "effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund));
        assertThat(proposed.status()).isEqualTo(201);
        assertThat(proposed.header("Location")).isEqualTo("/api/funds/" + fund);
        long sequence = proposed.json().get("sequence").asLong();

        Response history = as("auditor").get("/api/funds/" + fund + "/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().at("/events/0/sequence").asLong()).isEqualTo(sequence);
        assertThat(history.json().at("/events/0/type").asText()).isEqualTo("FundProposed");
        assertThat(history.json().at("/events/0/actor/user").asText()).isEqualTo("secretariat");
        assertThat(history.json().at("/events/0/payload/targetEur").asText()).isEqualTo("1000.00");
    }
}
