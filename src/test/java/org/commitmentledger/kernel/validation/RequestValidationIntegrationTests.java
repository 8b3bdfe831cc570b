package org.commitmentledger.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP, the declared constraints answer as the imperative checks did: every problem at once, path variables
 * before the body and a body's fields in declaration order, in the rules' own words, and before a delegate's 403.
 */
class RequestValidationIntegrationTests extends LedgerHttpScenarios {

    private static List<String> errors(Response r) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : r.json().get("errors")) {
            errors.add(error.get("field").asText() + ": " + error.get("message").asText());
        }
        return errors;
    }

    @Test
    void namesAPathVariableAndEveryFieldOfTheBodyInDeclarationOrder() {
        Response r = refused(400, () -> as("secretariat").post("/api/pledges/not-a-uuid/revisions", """
                {"amount":"-1","eurRate":"0.9","reason":" ","kind":"UPDATE","effectiveAt":"2999-01-01T00:00:00Z"}"""));

        List<String> errors = errors(r);
        assertThat(errors).hasSize(6);
        assertThat(errors.subList(0, 5)).containsExactly("pledgeId: is not a pledge id (a lowercase UUID)",
                "amount: must be positive", "eurRate: may only be given together with currency",
                "reason: is required", "kind: must be REVISION or CORRECTION");
        assertThat(errors.get(5)).startsWith("effectiveAt: lies in the future (2999-01-01T00:00:00.000Z is after ");
        assertThat(r.body()).contains("\"errors\":[{\"field\":\"pledgeId\",\"message\":\"is not a pledge id");
        assertThat(r.json().get("detail").asText()).startsWith("pledgeId: is not a pledge id (a lowercase UUID); "
                + "amount: must be positive; eurRate: may only be given together with currency; ");
    }

    @Test
    void reportsClassLevelRulesAmongTheFieldsTheyName() {
        ensureMember("DEU", "27.5");
        Response r = refused(400, () -> as("secretariat").post("/api/pledges", """
                {"fundId":"X!","member":"deu","amount":"1","currency":"USD","year":0,"kind":"MONEY",
                 "description":"tanks"}"""));

        assertThat(errors(r)).containsExactly("fundId: must match [a-z0-9-]{3,64}",
                "member: must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): deu",
                "eurRate: is required for USD (EUR per one USD)", "year: must be a four-digit year",
                "description: is only for IN_KIND pledges");
    }

    @Test
    void quotesWhatWasSentEvenWhereItLooksLikeAMessageTemplate() {
        String fund = proposeFund();
        Response r = refused(400, () -> as("secretariat").post("/api/funds/" + fund + "/opt-outs", """
                {"member":"{message}","reason":"${1+1}"}"""));

        assertThat(errors(r)).containsExactly("member: must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): "
                + "{message}");
    }

    @Test
    void anInvalidBodyIs400BeforeADelegateActingForAnotherMemberIs403() {
        ensureMember("DEU", "27.5");
        ensureMember("HUN", "1.2");
        String fund = proposeFund();

        refused(400, () -> as("delegate-DEU").post("/api/pledges", """
                {"fundId":"%s","member":"HUN","amount":"-1","currency":"EUR","year":2025}""".formatted(fund)));
        refused(403, () -> as("delegate-DEU").post("/api/pledges", """
                {"fundId":"%s","member":"HUN","amount":"1","currency":"EUR","year":2025}""".formatted(fund)));
        refused(400, () -> as("delegate-DEU").post("/api/funds/" + fund + "/objections", """
                {"member":"HUN","reason":" "}"""));
    }
}
