package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** The audit endpoints over real HTTP on the shared, untampered database. */
class AuditHttpTests extends LedgerHttpTest {

    @Test
    void verifiesTheWholeChainUpToTheDigestHead() {
        List<Long> written = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "terms");

        JsonNode digest = as("auditor").get("/api/audit/digest").json();
        Response verify = as("auditor").get("/api/audit/verify");

        assertThat(verify.status()).isEqualTo(200);
        JsonNode answer = verify.json();
        assertThat(answer.get("valid").asBoolean()).as(verify.toString()).isTrue();
        assertThat(answer.get("events").asLong()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(eventCount());
        assertThat(answer.get("headSequence").asLong()).isEqualTo(digest.get("sequence").asLong())
                .isGreaterThanOrEqualTo(written.get(1));
        assertThat(answer.get("head").asText()).isEqualTo(digest.get("head").asText()).matches("[0-9a-f]{64}");
        assertThat(answer.has("firstInvalidSequence")).isFalse();
        assertThat(answer.has("reason")).isFalse();
        assertThat(answer.get("millis").isIntegralNumber()).isTrue();
        assertThat(digest.get("recordedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void digestHeadIsTheHashOfTheNewestEventInTheFeed() {
        long sequence = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms").get(0);

        JsonNode digest = as("auditor").get("/api/audit/digest").json();
        JsonNode feed = as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1000").json();
        JsonNode newest = feed.get("events").get(feed.get("events").size() - 1);

        assertThat(digest.get("sequence").asLong()).isEqualTo(newest.get("sequence").asLong());
        assertThat(digest.get("head").asText()).isEqualTo(newest.get("hash").asText());
        assertThat(digest.get("recordedAt").asText()).isEqualTo(newest.get("recordedAt").asText());
    }

    @Test
    void showsTheSameChainHashInTheFeedAndTheFundHistory() {
        String fund = fundId();
        List<Long> written = AuditFixtures.fundWithAmendments(as("secretariat"), fund, 3, "terms");

        JsonNode history = as("auditor").get("/api/funds/" + fund + "/history").json().get("events");
        JsonNode feed = as("auditor").get("/api/events?after=" + (written.get(0) - 1) + "&limit=3").json();

        assertThat(history).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(history.get(i).get("sequence").asLong()).isEqualTo(written.get(i));
            assertThat(history.get(i).get("hash").asText()).matches("[0-9a-f]{64}")
                    .isEqualTo(feed.get("events").get(i).get("hash").asText());
        }
    }

    @Test
    void confirmsAKeptDigestAfterNewerEventsWereAppended() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        JsonNode kept = as("auditor").get("/api/audit/digest").json();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "later");

        Response check = as("auditor").get("/api/audit/verify?digest=" + kept.get("head").asText() + "&sequence="
                + kept.get("sequence").asLong());

        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.json().get("sequence").asLong()).isEqualTo(kept.get("sequence").asLong());
        assertThat(check.json().get("expected").asText()).isEqualTo(kept.get("head").asText());
        assertThat(check.json().get("actual").asText()).isEqualTo(kept.get("head").asText());
        assertThat(as("auditor").get("/api/audit/digest").json().get("head").asText())
                .isNotEqualTo(kept.get("head").asText());
    }

    @Test
    void acceptsAKeptDigestInUpperCase() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        JsonNode kept = as("auditor").get("/api/audit/digest").json();

        Response check = as("auditor").get("/api/audit/verify?digest=" + kept.get("head").asText().toUpperCase()
                + "&sequence=" + kept.get("sequence").asLong());

        assertThat(check.json().get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void answersInvalidForADigestTheHistoryDoesNotLeadTo() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        JsonNode kept = as("auditor").get("/api/audit/digest").json();
        String other = "ab".repeat(32);

        Response check = as("auditor").get("/api/audit/verify?digest=" + other + "&sequence="
                + kept.get("sequence").asLong());

        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("valid").asBoolean()).isFalse();
        assertThat(check.json().get("expected").asText()).isEqualTo(other);
        assertThat(check.json().get("actual").asText()).isEqualTo(kept.get("head").asText());
        assertThat(check.json().get("reason").asText()).contains("another hash");
    }

    @Test
    void refusesADigestAtASequenceNeverStored() {
        long beyond = as("auditor").get("/api/audit/digest").json().get("sequence").asLong() + 1_000_000;

        Response check = as("auditor").get("/api/audit/verify?digest=" + "0".repeat(64) + "&sequence=" + beyond);

        assertThat(check.status()).isEqualTo(400);
        assertThat(check.contentType()).startsWith("application/problem+json");
        assertThat(check.json().at("/errors/0/field").asText()).isEqualTo("sequence");
    }

    @Test
    void refusesMalformedDigestsAndSequences() {
        Client auditor = as("auditor");
        String digest = "0".repeat(64);

        assertProblem(auditor.get("/api/audit/verify?digest=xyz&sequence=1"), "digest");
        assertProblem(auditor.get("/api/audit/verify?digest=" + "g".repeat(64) + "&sequence=1"), "digest");
        assertProblem(auditor.get("/api/audit/verify?digest=" + digest + "0&sequence=1"), "digest");
        assertProblem(auditor.get("/api/audit/verify?sequence=1"), "digest");
        assertProblem(auditor.get("/api/audit/verify?digest=" + digest), "sequence");
        assertProblem(auditor.get("/api/audit/verify?digest=" + digest + "&sequence=abc"), "sequence");
        assertProblem(auditor.get("/api/audit/verify?digest=" + digest + "&sequence=0"), "sequence");
        assertProblem(auditor.get("/api/audit/verify?digest=" + digest + "&sequence=-3"), "sequence");
    }

    @Test
    void asksForCredentialsBeforeAnsweringAudits() {
        assertThat(anonymous().get("/api/audit/verify").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/audit/digest").status()).isEqualTo(401);
    }

    @Test
    void staysValidWhileEventsAreAppended() {
        String fund = fundId();
        CompletableFuture<List<Long>> writer = CompletableFuture.supplyAsync(
                () -> AuditFixtures.fundWithAmendments(as("secretariat"), fund, 8, "concurrent"));
        List<JsonNode> answers = new ArrayList<>();
        do {
            answers.add(as("auditor").get("/api/audit/verify").json());
        } while (!writer.isDone());
        writer.join();
        answers.add(as("auditor").get("/api/audit/verify").json());

        assertThat(answers).allSatisfy(a -> assertThat(a.get("valid").asBoolean()).as(a.toString()).isTrue());
    }

    private static void assertProblem(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    }
}
