package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/**
 * A projection batch that fails after its rows were written but before it commits: the batch (projection rows and
 * token together) rolls back, the tracking processor retries it, and the event is applied exactly once.
 */
class ProjectionFailureExactlyOnceIntegrationTests extends LedgerHttpTest {

    @Test
    void appliesAPledgeExactlyOnceAfterAFailedProjectionBatch() throws Exception {
        ensureMember("CZE", "2.5");
        String fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Exactly once","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2021-01-01T00:00:00Z","effectiveAt":"2020-06-01T00:00:00Z"}
                """.formatted(fund)).status()).isEqualTo(201);
        Response made = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"CZE","amount":"1234.56","currency":"EUR","year":2025,
                 "note":"%sinjected","effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, FailOnceProjection.MARKER));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String pledge = made.json().get("pledgeId").asText();

        Response read = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            read = as("auditor").get("/api/pledges/" + pledge);
            if (read.status() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(FailOnceProjection.FAILED).contains(pledge);
        // the failure came after the pledge's row was written in the failing transaction
        assertThat(FailOnceProjection.ROWS_WRITTEN_BEFORE_FAILURE).containsEntry(pledge, 1L);
        // redelivered after the failure (a handler error that was only logged would leave this at 0)
        assertThat(FailOnceProjection.APPLIED).containsEntry(pledge, 1);
        assertThat(read).isNotNull();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("eurAmount").asText()).isEqualTo("1234.56");
        assertThat(jdbc.queryForObject("select count(*) from pledge_version where pledge_id = ?", Long.class, pledge))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("select count(*) from pledge_figure where pledge_id = ?", Long.class, pledge))
                .isEqualTo(1L);
        assertThat(as("auditor").get("/api/funds/" + fund).json().get("pledgedEur").asText()).isEqualTo("1234.56");
    }
}
