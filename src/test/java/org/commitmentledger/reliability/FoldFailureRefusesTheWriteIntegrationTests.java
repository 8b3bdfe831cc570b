package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/**
 * A write whose projection fold fails is refused and stores nothing: not the event, not its chain link, not one
 * projection row, not its pledge directory entry. Writes around it are unaffected.
 */
class FoldFailureRefusesTheWriteIntegrationTests extends LedgerHttpTest {

    @Test
    void aFailingFoldRefusesTheWriteAndStoresNothing() {
        ensureMember("CZE", "2.5");
        String fund = proposedFund("Fold failure");
        long events = eventCount();
        Map<String, Object> head = jdbc.queryForMap("select last_sequence, head from chain_head where id = 1");
        long chainRows = count("select count(*) from event_chain");
        long pledgeRows = count("select count(*) from " + live("pledge_version"));
        long figureRows = count("select count(*) from " + live("pledge_figure"));
        long directory = count("select count(*) from pledge_directory");

        Response refused = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"CZE","amount":"1234.56","currency":"EUR","year":2025,
                 "note":"%sinjected","effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, FailingFold.MARKER));

        assertProblem(refused, 503);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(jdbc.queryForMap("select last_sequence, head from chain_head where id = 1")).isEqualTo(head);
        assertThat(count("select count(*) from event_chain")).isEqualTo(chainRows);
        assertThat(count("select count(*) from " + live("pledge_version"))).isEqualTo(pledgeRows);
        assertThat(count("select count(*) from " + live("pledge_figure"))).isEqualTo(figureRows);
        assertThat(count("select count(*) from pledge_directory")).isEqualTo(directory);
        assertThat(as("auditor").get("/api/funds/" + fund).json().get("pledgedEur").asText()).isEqualTo("0.00");

        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"CZE","amount":"1234.56","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(eventCount()).isEqualTo(events + 1);
        assertThat(as("auditor").get("/api/funds/" + fund).json().get("pledgedEur").asText()).isEqualTo("1234.56");
        assertThat(as("auditor").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private String live(String table) {
        return table + "_g" + jdbc.queryForObject("select live_generation from projection_state", Integer.class);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }
}
