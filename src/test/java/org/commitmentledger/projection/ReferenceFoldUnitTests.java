package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The slow path checked by hand on the contract's own examples, so that the canonical check is itself checked. */
class ReferenceFoldUnitTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    private final List<ReferenceFold.Event> events = new ArrayList<>();

    @Test
    void correctionAndEarlierRevisionReadAsTheIssueDescribes() {
        event("PledgeMade", "2024-04-25T09:00:00Z", "2024-04-25T00:00:00Z", pledge("1700000000")
                .put("year", 2024).put("note", (String) null));
        event("PledgeRevised", "2024-09-01T09:00:00Z", "2024-09-01T00:00:00Z", pledge("2000000000")
                .put("kind", "REVISION").putNull("correctsFigureFrom"));
        event("PledgeRevised", "2024-12-01T09:00:00Z", "2024-07-10T00:00:00Z", pledge("3800000000")
                .put("kind", "CORRECTION").put("correctsFigureFrom", "2024-04-25T00:00:00.000Z"));
        ReferenceFold fold = new ReferenceFold(events);

        assertThat(eur(fold, NOW, "2024-07-10T00:00:00Z")).isEqualTo("3800000000.00");
        assertThat(eur(fold, Instant.parse("2024-11-30T00:00:00Z"), "2024-07-10T00:00:00Z"))
                .isEqualTo("1700000000.00");
        assertThat(eur(fold, NOW, "2024-09-01T00:00:00Z")).isEqualTo("2000000000.00");
        assertThat(fold.pledge("p-1", NOW, Instant.parse("2024-04-24T23:59:59.999Z"))).isEmpty();
        assertThat(fold.pledge("p-1", NOW, NOW).orElseThrow().get("lastSequence").asLong()).isEqualTo(3);
    }

    @Test
    void correctionNamingAnotherFigureThanTheOneInForceIsAnInconsistentHistory() {
        event("PledgeMade", "2024-04-25T09:00:00Z", "2024-04-25T00:00:00Z", pledge("100").put("year", 2024));
        event("PledgeRevised", "2024-09-01T09:00:00Z", "2024-09-01T00:00:00Z", pledge("200").put("kind", "REVISION"));
        event("PledgeRevised", "2024-12-01T09:00:00Z", "2024-10-01T00:00:00Z", pledge("300")
                .put("kind", "CORRECTION").put("correctsFigureFrom", "2024-04-25T00:00:00.000Z"));
        ReferenceFold fold = new ReferenceFold(events);

        assertThatThrownBy(() -> fold.pledge("p-1", NOW, NOW)).hasMessageContaining("correctsFigureFrom");
    }

    @Test
    void adoptedTermsStayWhileALaterRoundIsOpen() {
        event("FundProposed", "2024-03-01T09:00:00Z", "2024-03-01T00:00:00Z", fund().put("name", "F").put("round", 1)
                .put("targetEur", "1000.00").put("periodStart", "2025-01-01").put("periodEnd", "2025-12-31")
                .put("decisionDeadline", "2024-04-01T00:00:00.000Z"));
        event("DecisionRoundConcluded", "2024-04-01T09:00:00Z", "2024-04-01T00:00:00Z", fund().put("round", 1)
                .put("outcome", "ADOPTED"));
        event("FundAmended", "2024-05-01T09:00:00Z", "2024-05-01T00:00:00Z", fund().put("round", 2)
                .putNull("supersededRound").put("targetEur", "3000.00").put("periodStart", "2025-01-01")
                .put("periodEnd", "2026-12-31").put("decisionDeadline", "2024-06-01T00:00:00.000Z"));
        ReferenceFold fold = new ReferenceFold(events);

        ObjectNode detail = fold.fund("f-1", NOW, NOW).orElseThrow();
        assertThat(detail.get("status").asText()).isEqualTo("ADOPTED");
        assertThat(detail.get("round").asInt()).isEqualTo(1);
        assertThat(detail.get("targetEur").asText()).isEqualTo("1000.00");
        assertThat(detail.at("/openRound/round").asInt()).isEqualTo(2);
        assertThat(fold.fund("f-1", NOW, Instant.parse("2024-03-15T00:00:00Z")).orElseThrow().get("status").asText())
                .isEqualTo("PROPOSED");
        assertThat(fold.fund("f-1", Instant.parse("2024-03-01T08:59:59.999Z"), NOW)).isEmpty();
    }

    private ObjectNode pledge(String amount) {
        return JSON.createObjectNode().put("pledgeId", "p-1").put("fundId", "f-1").put("member", "DEU")
                .put("amount", amount).put("currency", "EUR").put("eurRate", "1").put("eurAmount", amount);
    }

    private ObjectNode fund() {
        return JSON.createObjectNode().put("fundId", "f-1");
    }

    private void event(String type, String recordedAt, String effectiveAt, ObjectNode payload) {
        payload.put("effectiveAt", effectiveAt);
        events.add(new ReferenceFold.Event(events.size() + 1, type, Instant.parse(recordedAt),
                Instant.parse(effectiveAt), payload));
    }

    private static String eur(ReferenceFold fold, Instant asOf, String effectiveAt) {
        JsonNode pledge = fold.pledge("p-1", asOf, Instant.parse(effectiveAt)).orElseThrow();
        return pledge.get("eurAmount").asText();
    }
}
