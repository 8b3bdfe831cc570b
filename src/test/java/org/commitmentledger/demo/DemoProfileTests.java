package org.commitmentledger.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.LedgerNodes;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo profile (ADR 0041) on its own store under target/test-db/…/demo: it seeds the fund's 2024 life once, as
 * demo-seed, recorded on the 2024 dates, so the README's "1 August about 10 July" question has an answer; it refuses
 * to run with prod or postgres, or on any store but its own.
 */
class DemoProfileTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DEMO = {"demo"};

    @Test
    void seedsTheFundsRealLifeOnceAsDemoSeedRecordedOnThe2024Dates() throws Exception {
        String store = "jdbc:h2:file:./target/test-db/demo-" + UUID.randomUUID() + "/demo/ledger;DB_CLOSE_ON_EXIT=FALSE";
        int events;
        try (ConfigurableApplicationContext node = LedgerNodes.start(store, DEMO, LedgerNodes.signingKeyProperty())) {
            int port = LedgerNodes.port(node);
            assertThat(get(port, "/api/demo").get("demo").asBoolean()).isTrue();

            JsonNode history = get(port, "/api/funds/ukraine-fund/history").get("events");
            events = history.size();
            Set<String> types = new HashSet<>();
            for (JsonNode e : history) {
                types.add(e.get("type").asText() + (e.at("/payload/kind").isMissingNode() ? ""
                        : ":" + e.at("/payload/kind").asText()));
                assertThat(e.at("/actor/user").asText()).isEqualTo("demo-seed");
                assertThat(e.get("recordedAt").asText()).startsWith("2024-");
            }
            assertThat(types).contains("FundProposed", "ObjectionRaised", "ObjectionWithdrawn", "FundAmended",
                    "MemberOptedOut", "DecisionRoundConcluded", "PledgeMade:MONEY", "PledgeMade:IN_KIND",
                    "PledgeRevised:CORRECTION",
                    "PledgeDisbursed");

            JsonNode then = get(port, "/api/funds/ukraine-fund?asOf=2024-08-01T00:00:00Z&effectiveAt=2024-07-10T00:00:00Z");
            assertThat(then.get("status").asText()).isEqualTo("ADOPTED");
            assertThat(then.get("targetEur").asText()).isEqualTo("40000000000.00");
            assertThat(then.get("optOuts").get(0).asText()).isEqualTo("HUN");
            assertThat(then.get("pledgedEur").asText()).isEqualTo("24340000000.00");
            JsonNode now = get(port, "/api/funds/ukraine-fund?effectiveAt=2024-07-10T00:00:00Z");
            assertThat(now.get("pledgedEur").asText()).isEqualTo("24440000000.00");
            JsonNode changes = get(port, "/api/funds/ukraine-fund/changes?from=2024-08-01T00:00:00Z"
                    + "&to=2024-12-31T00:00:00Z&effectiveAt=2024-07-10T00:00:00Z");
            assertThat(changes.get("events").get(0).get("reason").asText()).contains("mistyped");

            HttpResponse<String> write = LedgerNodes.send(port, "secretariat", "secretariat", "PUT", "/api/members/ITA",
                    "{\"name\":\"Italy\",\"costShare\":\"8.5\"}", null);
            assertThat(write.statusCode()).isEqualTo(201);
            JsonNode own = get(port, "/api/events?after=" + JSON.readTree(write.body()).get("sequence").asLong()
                    + "&limit=1");
            assertThat(own.get("events")).isEmpty();
            JsonNode mine = get(port, "/api/events?after=" + (JSON.readTree(write.body()).get("sequence").asLong() - 1)
                    + "&limit=1").get("events").get(0);
            assertThat(mine.get("recordedAt").asText()).doesNotStartWith("2024-");
            assertThat(mine.at("/actor/user").asText()).isEqualTo("secretariat");
        }
        try (ConfigurableApplicationContext again = LedgerNodes.start(store, DEMO, LedgerNodes.signingKeyProperty())) {
            JsonNode history = get(LedgerNodes.port(again), "/api/funds/ukraine-fund/history").get("events");
            assertThat(history).as("a second start seeds nothing").hasSize(events);
        }
    }

    @Test
    void refusesProdPostgresAndAnyStoreButItsOwn() {
        String demoStore = "jdbc:h2:file:./target/test-db/refused/demo/ledger";
        for (String other : new String[] {"prod", "postgres"}) {
            Throwable refusal = catchThrowable(() -> LedgerNodes.start(demoStore, new String[] {"demo", other},
                    LedgerNodes.signingKeyProperty()).close());
            assertThat(rootMessage(refusal)).as(other).contains("refusing to start it with the " + other + " profile");
        }
        Throwable elsewhere = catchThrowable(() -> LedgerNodes.start(LedgerNodes.database("not-a-demo-store"), DEMO,
                LedgerNodes.signingKeyProperty()).close());
        assertThat(rootMessage(elsewhere)).contains("runs only on an embedded H2 file inside a folder named demo");
    }

    @Test
    void aDemoStoreIsAnEmbeddedH2FileInAFolderNamedDemo() {
        assertThat(DemoChecks.inADemoFolder("jdbc:h2:file:./data/demo/ledger;WRITE_DELAY=0")).isTrue();
        assertThat(DemoChecks.inADemoFolder("jdbc:h2:file:/var/lib/demo/ledger")).isTrue();
        assertThat(DemoChecks.inADemoFolder("jdbc:h2:file:./data/ledger")).isFalse();
        assertThat(DemoChecks.inADemoFolder("jdbc:h2:file:./data/demo-not/ledger")).isFalse();
        assertThat(DemoChecks.inADemoFolder("jdbc:h2:mem:demo/ledger")).isFalse();
        assertThat(DemoChecks.inADemoFolder("jdbc:postgresql://db/demo")).isFalse();
        assertThat(DemoChecks.inADemoFolder(null)).isFalse();
        DemoChecks.check(new String[] {"prod"}, "jdbc:postgresql://db/ledger");
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> answer = LedgerNodes.send(port, "auditor", "auditor", "GET", path, null, null);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
