package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** docs/audit/Verify.java, run as an auditor runs it, against the shared running instance (it only reads). */
class VerifyProgramTests extends LedgerHttpTest {

    @Test
    void recomputesTheChainFromTheFeedAloneAndPrintsTheDigestHead() {
        String fund = fundId();
        AuditFixtures.fundWithAmendments(as("secretariat"), fund, 2, "Z\u00fcrich \u2013 \u20ac \\\"quoted\\\"");
        ensureMember("DEU", "20");
        Response pledged = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1500.5","currency":"CHF","eurRate":"1.0234567891",
                 "year":2025,"note":"Gen\u00e8ve \u2013 \u00a7 7","effectiveAt":"2024-05-01T00:00:00Z"}"""
                .formatted(fund));
        assertThat(pledged.status()).as(pledged.toString()).isEqualTo(201);

        AuditFixtures.Run run = AuditFixtures.verifier(port);
        JsonNode digest = as("auditor").get("/api/audit/digest").json();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.line("head")).isEqualTo(digest.get("head").asText());
        assertThat(run.line("sequence")).isEqualTo(digest.get("sequence").asText());
    }

    @Test
    void confirmsAKeptDigestAfterNewerEvents() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        JsonNode kept = as("auditor").get("/api/audit/digest").json();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "later");

        AuditFixtures.Run run = AuditFixtures.verifier(port, kept.get("head").asText(), kept.get("sequence").asText());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("kept digest at sequence " + kept.get("sequence").asText() + " matches");
    }

    @Test
    void namesTheSequenceOfAKeptDigestTheHistoryDoesNotLeadTo() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        String sequence = as("auditor").get("/api/audit/digest").json().get("sequence").asText();

        AuditFixtures.Run run = AuditFixtures.verifier(port, "ab".repeat(32), sequence);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("INVALID at sequence " + sequence);
    }
}
