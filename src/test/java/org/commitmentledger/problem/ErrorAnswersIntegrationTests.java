package org.commitmentledger.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;

/** Refusals outside the ledger's rules: unknown URLs and methods, and the order in which checks are made. */
class ErrorAnswersIntegrationTests extends LedgerHttpScenarios {

    @Test
    void answersNotFoundForAnUnknownUrl() {
        Response r = as("auditor").get("/api/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertProblem(r, 404);
        refused(404, () -> as("secretariat").post("/api/funds/" + fundId() + "/unknown-action", "{}"));
    }

    @Test
    void answersMethodNotAllowedForAWrongMethod() {
        Response r = refused(405, () -> as("secretariat").send("DELETE", "/api/funds", "{}", null));
        assertThat(r.header("Allow")).contains("POST");
        refused(405, () -> as("secretariat").put("/api/pledges", "{}"));
    }

    @Test
    void checksTheBodyBeforeTheFundNamedInThePath() {
        String unknown = fundId();
        Response malformed = refused(400, () -> as("secretariat").post("/api/funds/" + unknown + "/amendments",
                "{\"targetEur\":"));
        assertThat(malformed.json().get("errors")).isNotEmpty();
        refused(400, () -> as("secretariat").post("/api/funds/" + unknown + "/decisions",
                "{\"effectiveAt\":\"2999-01-01T00:00:00Z\"}"));
        refused(404, () -> as("secretariat").post("/api/funds/" + unknown + "/decisions", "{}"));
    }

    @Test
    void checksTheRoleBeforeTheBody() {
        refused(403, () -> as("auditor").post("/api/pledges", "{\"malformed\":"));
        refused(401, () -> anonymous().post("/api/pledges", "{\"malformed\":"));
    }

    @Test
    void checksTheDelegateBindingAfterTheBodyAndBeforeTheFund() {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "1.2");
        String unknown = fundId();
        refused(400, () -> as("delegate-HUN").post("/api/funds/" + unknown + "/objections",
                "{\"member\":\"DEU\"}"));
        refused(403, () -> as("delegate-HUN").post("/api/funds/" + unknown + "/objections",
                "{\"member\":\"DEU\",\"reason\":\"not mine\"}"));
        refused(404, () -> as("delegate-DEU").post("/api/funds/" + unknown + "/objections",
                "{\"member\":\"DEU\",\"reason\":\"mine\"}"));
    }
}
