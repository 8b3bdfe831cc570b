package org.commitmentledger.pledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pledges of money and in kind (ADR 0037): a pledge's kind and description are recorded with it, every read of it and
 * of its fund shows the kind, and the fund and each fair-share row split the pledged EUR by kind.
 */
class PledgeKindIntegrationTests extends LedgerHttpScenarios {

    @BeforeEach
    void members() {
        ensureMember("DEU", "27.5");
        ensureMember("FRA", "10.2");
    }

    private Response make(String fund, String member, String amount, String kindAndDescription) {
        return as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"%s","currency":"EUR","year":2025,%s
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund, member, amount, kindAndDescription));
    }

    @Test
    void anInKindPledgeIsRecordedWithWhatItDeliversAndReadWithItsKind() {
        String fund = proposeFund();
        Response made = make(fund, "DEU", "400000", """
                "kind":"IN_KIND","description":"IRIS-T air defence system with training",""");
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        assertThat(made.json().get("kind").asText()).isEqualTo("IN_KIND");
        String pledge = made.json().get("pledgeId").asText();

        JsonNode read = as("auditor").get("/api/pledges/" + pledge).json();
        assertThat(read.get("kind").asText()).isEqualTo("IN_KIND");
        assertThat(read.get("description").asText()).isEqualTo("IRIS-T air defence system with training");
        JsonNode stored = as("auditor").get("/api/pledges/" + pledge + "/history").json().at("/events/0/payload");
        assertThat(stored.get("kind").asText()).isEqualTo("IN_KIND");
        assertThat(stored.get("description").asText()).isEqualTo("IRIS-T air defence system with training");

        // deliveries of an in-kind pledge are disbursements valued in EUR, as for money
        Response delivered = as("secretariat").post("/api/pledges/" + pledge + "/disbursements", """
                {"amount":"150000","currency":"EUR","reference":"first launcher delivered"}""");
        assertThat(delivered.status()).as("%s", delivered).isEqualTo(200);
        assertThat(as("auditor").get("/api/pledges/" + pledge).json().get("disbursedEur").asText())
                .isEqualTo("150000.00");
    }

    @Test
    void aPledgeWithoutAKindIsMoneyAndHasNoDescription() {
        String fund = proposeFund();
        Response made = make(fund, "DEU", "1000", "");
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        assertThat(made.json().get("kind").asText()).isEqualTo("MONEY");
        JsonNode read = as("auditor").get("/api/pledges/" + made.json().get("pledgeId").asText()).json();
        assertThat(read.get("kind").asText()).isEqualTo("MONEY");
        assertThat(read.has("description")).isFalse();
        assertThat(make(fund, "DEU", "1000", "\"kind\":\"MONEY\",").status()).isEqualTo(201);
    }

    @Test
    void theFundAndEachFairShareRowSplitThePledgedEuroByKind() {
        String fund = proposeFund();
        make(fund, "DEU", "300000", "");
        String inKind = make(fund, "DEU", "200000", "\"kind\":\"IN_KIND\",\"description\":\"155 mm shells\",")
                .json().get("pledgeId").asText();
        make(fund, "FRA", "50000", "\"kind\":\"IN_KIND\",\"description\":\"Caesar howitzers\",");

        JsonNode detail = as("auditor").get("/api/funds/" + fund).json();
        assertThat(detail.get("pledgedEur").asText()).isEqualTo("550000.00");
        assertThat(detail.at("/pledgedEurByKind/MONEY").asText()).isEqualTo("300000.00");
        assertThat(detail.at("/pledgedEurByKind/IN_KIND").asText()).isEqualTo("250000.00");

        JsonNode rows = as("auditor").get("/api/funds/" + fund + "/fair-shares").json().get("rows");
        for (JsonNode row : rows) {
            String member = row.get("member").asText();
            String money = member.equals("DEU") ? "300000.00" : "0.00";
            String goods = member.equals("DEU") ? "200000.00" : member.equals("FRA") ? "50000.00" : "0.00";
            assertThat(row.at("/pledgedEurByKind/MONEY").asText()).as(member).isEqualTo(money);
            assertThat(row.at("/pledgedEurByKind/IN_KIND").asText()).as(member).isEqualTo(goods);
        }
        JsonNode position = as("auditor").get("/api/funds/" + fund + "/members/DEU").json();
        assertThat(position.get("pledges")).extracting(p -> p.get("kind").asText())
                .containsExactlyInAnyOrder("MONEY", "IN_KIND");

        // a withdrawn in-kind pledge leaves its kind's sum
        assertThat(as("secretariat").post("/api/pledges/" + inKind + "/withdrawal", "{\"reason\":\"sent elsewhere\"}")
                .status()).isEqualTo(200);
        assertThat(as("auditor").get("/api/funds/" + fund).json().at("/pledgedEurByKind/IN_KIND").asText())
                .isEqualTo("50000.00");
        // and before the pledges, at their fund's proposal, both kinds are zero
        JsonNode before = as("auditor").get("/api/funds/" + fund + "?effectiveAt=" + PROPOSED_AT).json();
        assertThat(before.at("/pledgedEurByKind/MONEY").asText()).isEqualTo("0.00");
        assertThat(before.at("/pledgedEurByKind/IN_KIND").asText()).isEqualTo("0.00");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"kind\":\"GOODS\",",
        "\"kind\":\"in_kind\",\"description\":\"shells\",",
        "\"kind\":\"IN_KIND\",",
        "\"kind\":\"IN_KIND\",\"description\":\"  \",",
        "\"kind\":\"MONEY\",\"description\":\"shells\",",
        "\"description\":\"shells\",",
        "\"kind\":7,"})
    void badKindsAndDescriptionsAreRefusedAndWriteNothing(String kindAndDescription) {
        String fund = proposeFund();
        Response r = refused(400, () -> make(fund, "DEU", "1000", kindAndDescription));
        assertThat(r.json().toString()).containsAnyOf("kind", "description");
    }

    @Test
    void aDescriptionOfMoreThan500CharactersIsRefused() {
        String fund = proposeFund();
        Response r = refused(400, () -> make(fund, "DEU", "1000",
                "\"kind\":\"IN_KIND\",\"description\":\"" + "x".repeat(501) + "\","));
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("description");
        assertThat(make(fund, "DEU", "1000", "\"kind\":\"IN_KIND\",\"description\":\"" + "x".repeat(500) + "\",")
                .status()).isEqualTo(201);
    }
}
