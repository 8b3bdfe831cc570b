package org.commitmentledger.history.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;

class HistoryIntegrationTests extends LedgerHttpScenarios {

    private static List<Long> sequences(JsonNode events) {
        List<Long> sequences = new ArrayList<>();
        events.forEach(e -> sequences.add(e.get("sequence").asLong()));
        return sequences;
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private long amend(String fund, String at) {
        Response r = as("secretariat").post("/api/funds/" + fund + "/amendments", """
                {"targetEur":"2000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2024-07-01T00:00:00Z","reason":"more","effectiveAt":"%s"}""".formatted(at));
        assertThat(r.status()).isEqualTo(200);
        return r.json().get("sequence").asLong();
    }

    @Test
    void pagesThroughTheFeedWithAfterLimitAndNext() {
        String fund = proposeFund();
        long first = as("auditor").get("/api/funds/" + fund + "/history").json().at("/events/0/sequence").asLong();
        long second = amend(fund, "2024-05-01T00:00:00Z");
        long third = amend(fund, "2024-05-02T00:00:00Z");

        Response page = as("auditor").get("/api/events?after=" + (first - 1) + "&limit=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(sequences(page.json().get("events"))).containsExactly(first, second);
        assertThat(page.json().get("next").asLong()).isEqualTo(second);
        assertThat(page.json().get("lastSequence").asLong()).isGreaterThanOrEqualTo(third);

        Response last = as("auditor").get("/api/events?after=" + page.json().get("next").asLong() + "&limit=2");
        assertThat(sequences(last.json().get("events"))).containsExactly(third);
        assertThat(last.json().get("next").isNull()).as("no event follows the newest").isTrue();

        Response beyond = as("auditor").get("/api/events?after=" + third);
        assertThat(beyond.json().get("events")).isEmpty();
        assertThat(beyond.json().get("next").isNull()).isTrue();
    }

    @Test
    void showsEveryFieldOfAFeedEntryWithItsHash() {
        String fund = proposeFund();
        JsonNode entry = as("auditor").get("/api/funds/" + fund + "/history").json().at("/events/0");
        Response feed = as("auditor").get("/api/events?after=" + (entry.get("sequence").asLong() - 1) + "&limit=1");
        JsonNode same = feed.json().at("/events/0");

        assertThat(same).isEqualTo(entry);
        assertThat(same.get("type").asText()).isEqualTo("FundProposed");
        assertThat(same.get("recordedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(same.get("effectiveAt").asText()).isEqualTo("2024-04-02T00:00:00.000Z");
        assertThat(same.at("/actor/user").asText()).isEqualTo("secretariat");
        assertThat(same.at("/payload/fundId").asText()).isEqualTo(fund);
        assertThat(same.get("hash").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void startsAtTheBeginningWithAtMostAHundredEventsByDefault() {
        proposeFund();
        Response r = as("auditor").get("/api/events");
        assertThat(r.status()).isEqualTo(200);
        List<Long> sequences = sequences(r.json().get("events"));
        assertThat(sequences).isNotEmpty().hasSizeLessThanOrEqualTo(100).isSorted();
        assertThat(sequences.get(0)).isEqualTo(jdbc.queryForObject(
                "select min(global_index) from domain_event_entry", Long.class));
        assertThat(as("auditor").get("/api/events?limit=1000").status()).isEqualTo(200);
    }

    @Test
    void rejectsBadPagingParameters() {
        for (String query : List.of("limit=1001", "limit=0", "limit=-1", "limit=ten", "after=-1", "after=x",
                "asOf=yesterday")) {
            Response r = refused(400, () -> as("auditor").get("/api/events?" + query));
            assertThat(r.json().get("errors")).as(query).isNotEmpty();
        }
    }

    @Test
    void aFundsHistoryIncludesItsPledgesEventsInRecordOrder() {
        String fund = proposeFund();
        String other = proposeFund();
        String pledge = pledge(fund, "1000");
        pledge(other, "5");
        long amendment = amend(fund, "2024-05-02T00:00:00Z");
        Response revised = as("secretariat").post("/api/pledges/" + pledge + "/revisions",
                """
                {"amount":"1200","kind":"REVISION","reason":"more","effectiveAt":"2024-05-03T00:00:00Z"}""");
        assertThat(revised.status()).isEqualTo(200);

        Response r = as("auditor").get("/api/funds/" + fund + "/history");

        assertThat(r.status()).isEqualTo(200);
        JsonNode events = r.json().get("events");
        assertThat(types(events)).containsExactly("FundProposed", "PledgeMade", "FundAmended", "PledgeRevised");
        assertThat(sequences(events)).isSorted().contains(amendment, revised.json().get("sequence").asLong());
        assertThat(events.get(1).at("/payload/pledgeId").asText()).isEqualTo(pledge);
        events.forEach(e -> assertThat(e.get("hash").asText()).matches("[0-9a-f]{64}"));
    }

    @Test
    void aPledgesHistoryHoldsOnlyItsOwnEvents() {
        String fund = proposeFund();
        String pledge = pledge(fund, "1000");
        pledge(fund, "2000");
        Response disbursed = as("secretariat").post("/api/pledges/" + pledge + "/disbursements",
                """
                {"amount":"10","currency":"EUR","reference":"w","effectiveAt":"2024-06-01T00:00:00Z"}""");
        assertThat(disbursed.status()).isEqualTo(200);

        Response r = as("auditor").get("/api/pledges/" + pledge + "/history");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("pledgeId").asText()).isEqualTo(pledge);
        assertThat(types(r.json().get("events"))).containsExactly("PledgeMade", "PledgeDisbursed");
        assertThat(r.json().at("/events/1/sequence").asLong()).isEqualTo(disbursed.json().get("sequence").asLong());
        JsonNode inFeed = as("auditor").get("/api/events?after=" + (disbursed.json().get("sequence").asLong() - 1)
                + "&limit=1").json().at("/events/0");
        assertThat(r.json().at("/events/1")).isEqualTo(inFeed);
    }

    @Test
    void answersNotFoundForTheHistoryOfUnknownRecords() {
        refused(404, () -> as("auditor").get("/api/funds/" + fundId() + "/history"));
        refused(404, () -> as("auditor").get("/api/pledges/" + java.util.UUID.randomUUID() + "/history"));
        String fund = proposeFund();
        refused(404, () -> as("auditor").get("/api/pledges/" + fund + "/history"));
        refused(404, () -> as("auditor").get("/api/funds/" + fund + "/history?asOf=2000-01-01T00:00:00Z"));
    }
}
