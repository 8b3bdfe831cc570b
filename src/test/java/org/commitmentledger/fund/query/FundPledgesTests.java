package org.commitmentledger.fund.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.eventlog.FeedEntry;
import org.junit.jupiter.api.Test;

/** Which figure is in force at a valid time, and which event set it: from the pledge's events alone. */
class FundPledgesTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeedEntry made = entry(1, "PledgeMade", "2024-05-01T00:00:00.000Z", null, null);
    private final FeedEntry revision = entry(2, "PledgeRevised", "2024-06-01T00:00:00.000Z", "REVISION", null);
    private final FeedEntry mayCorrection = entry(3, "PledgeRevised", "2024-05-15T00:00:00.000Z", "CORRECTION",
            "2024-05-01T00:00:00.000Z");
    private final FeedEntry sameInstantRevision = entry(4, "PledgeRevised", "2024-06-01T00:00:00.000Z", "REVISION",
            null);
    private final List<FeedEntry> events = List.of(made, revision, mayCorrection, sameInstantRevision);

    @Test
    void theFigureInForceStartedAtTheLatestPledgeOrRevisionByThen() {
        assertThat(FundPledges.figureFrom(events, at("2024-04-30T00:00:00Z"))).isNull();
        assertThat(FundPledges.figureFrom(events, at("2024-05-20T00:00:00Z"))).isEqualTo(at("2024-05-01T00:00:00Z"));
        assertThat(FundPledges.figureFrom(events, at("2024-06-01T00:00:00Z"))).isEqualTo(at("2024-06-01T00:00:00Z"));
    }

    @Test
    void itWasSetByTheLatestEventRecordedForThatStartACorrectionIncluded() {
        assertThat(FundPledges.setBy(events, at("2024-05-01T00:00:00Z"))).isSameAs(mayCorrection);
        assertThat(FundPledges.setBy(events, at("2024-06-01T00:00:00Z"))).isSameAs(sameInstantRevision);
        assertThat(FundPledges.setBy(List.of(made, revision), at("2024-05-01T00:00:00Z"))).isSameAs(made);
        assertThat(FundPledges.setBy(events, null)).isNull();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static FeedEntry entry(long sequence, String type, String effectiveAt, String kind,
                                   String correctsFigureFrom) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("effectiveAt", effectiveAt);
        if (kind != null) {
            payload.put("kind", kind);
        }
        if (correctsFigureFrom != null) {
            payload.put("correctsFigureFrom", correctsFigureFrom);
        }
        JsonNode actor = JSON.createObjectNode().put("user", "secretariat").put("role", "SECRETARIAT");
        return new FeedEntry(sequence, type, "2024-08-01T00:00:00.000Z", effectiveAt, actor, payload, null, "p",
                sequence - 1);
    }
}
