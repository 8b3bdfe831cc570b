package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;

/** Helpers of the HTTP tests of reads at (asOf, effectiveAt); the shared context of {@link LedgerHttpTest}. */
public abstract class PointInTimeHttpTest extends LedgerHttpTest {

    /** The ledger's recording time of one event, from the feed. */
    protected Instant recordedAt(long sequence) {
        JsonNode page = ok(as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1"));
        JsonNode event = page.get("events").get(0);
        assertThat(event.get("sequence").asLong()).isEqualTo(sequence);
        return Instant.parse(event.get("recordedAt").asText());
    }

    /** Sends a write that must be accepted and gives the sequence of the event it recorded. */
    protected long written(Response answer) {
        assertThat(answer.status()).as("write answered %s", answer).isIn(200, 201);
        return answer.json().get("sequence").asLong();
    }

    /** Registers the member from {@code effectiveAt} unless it is registered already. */
    protected void registerOnce(String code, String costShare, String effectiveAt) {
        if (as("auditor").get("/api/members/" + code).status() == 404) {
            written(as("secretariat").put("/api/members/" + code, """
                    {"name":"%s","costShare":"%s","effectiveAt":"%s"}""".formatted(code, costShare, effectiveAt)));
        }
    }

    protected static JsonNode ok(Response answer) {
        assertThat(answer.status()).as("answer %s", answer).isEqualTo(200);
        return answer.json();
    }

    protected static void assertProblem(Response answer, int status) {
        assertThat(answer.status()).as("answer %s", answer).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("title").asText()).isNotBlank();
        assertThat(answer.json().get("detail").asText()).isNotBlank();
    }

    /** A 400 naming the malformed query parameter. */
    protected static void assertMalformed(Response answer, String field) {
        assertProblem(answer, 400);
        assertThat(answer.json().get("errors").findValuesAsText("field")).contains(field);
    }

    protected static String render(Instant instant) {
        return ReferenceFold.instant(instant);
    }
}
