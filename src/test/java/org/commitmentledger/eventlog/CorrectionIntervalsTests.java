package org.commitmentledger.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Where a CORRECTION acts, from the pledge's events alone: the interval of the figure it replaced. */
class CorrectionIntervalsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCorrectionOfAFigureFollowedByARevisionEndsWhereThatRevisionBegins() {
        FeedEntry made = entry(1, "PledgeMade", "2024-05-01T00:00:00.000Z", null, null);
        FeedEntry revision = entry(2, "PledgeRevised", "2024-06-01T00:00:00.000Z", "REVISION", null);
        FeedEntry correction = entry(3, "PledgeRevised", "2024-05-15T00:00:00.000Z", "CORRECTION",
                "2024-05-01T00:00:00.000Z");
        FeedEntry placed = CorrectionIntervals.placedInOrder(List.of(made, revision, correction)).get(2);
        assertThat(placed.correctsFigureFrom()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(placed.correctsFigureTo()).isEqualTo("2024-06-01T00:00:00.000Z");
    }

    @Test
    void aCorrectionOfTheLatestFigureIsOpenEndedAndLaterRevisionsDoNotCount() {
        FeedEntry made = entry(1, "PledgeMade", "2024-05-01T00:00:00.000Z", null, null);
        FeedEntry correction = entry(2, "PledgeRevised", "2024-05-20T00:00:00.000Z", "CORRECTION",
                "2024-05-01T00:00:00.000Z");
        FeedEntry later = entry(3, "PledgeRevised", "2024-07-01T00:00:00.000Z", "REVISION", null);
        FeedEntry placed = CorrectionIntervals.placedInOrder(List.of(made, correction, later)).get(1);
        assertThat(placed.correctsFigureFrom()).isEqualTo("2024-05-01T00:00:00.000Z");
        assertThat(placed.correctsFigureTo()).isNull();
    }

    @Test
    void onlyCorrectionsArePlacedAndOnlyRevisionsAndPledgesStartFigures() {
        FeedEntry made = entry(1, "PledgeMade", "2024-05-01T00:00:00.000Z", null, null);
        FeedEntry revision = entry(2, "PledgeRevised", "2024-06-01T00:00:00.000Z", "REVISION", null);
        assertThat(CorrectionIntervals.placedInOrder(List.of(made, revision))).containsExactly(made, revision);
        assertThat(CorrectionIntervals.startsFigure(made)).isTrue();
        assertThat(CorrectionIntervals.startsFigure(revision)).isTrue();
        assertThat(CorrectionIntervals.startsFigure(entry(3, "PledgeRevised", "2024-06-02T00:00:00.000Z",
                "CORRECTION", "2024-06-01T00:00:00.000Z"))).isFalse();
        assertThat(CorrectionIntervals.startsFigure(entry(4, "PledgeDisbursed", "2024-06-03T00:00:00.000Z", null,
                null))).isFalse();
    }

    @Test
    void eachCorrectionEndsAtTheNextFigureOfItsOwnPledgeKnownBeforeIt() {
        FeedEntry made = entry(1, "PledgeMade", "2024-05-01T00:00:00.000Z", null, null);
        FeedEntry first = entry(2, "PledgeRevised", "2024-05-10T00:00:00.000Z", "CORRECTION",
                "2024-05-01T00:00:00.000Z");
        FeedEntry otherPledge = withAggregate(entry(3, "PledgeMade", "2024-05-05T00:00:00.000Z", null, null), "q");
        FeedEntry revision = entry(4, "PledgeRevised", "2024-07-01T00:00:00.000Z", "REVISION", null);
        FeedEntry earlierRevision = entry(5, "PledgeRevised", "2024-06-01T00:00:00.000Z", "REVISION", null);
        FeedEntry second = entry(6, "PledgeRevised", "2024-05-20T00:00:00.000Z", "CORRECTION",
                "2024-05-01T00:00:00.000Z");
        FeedEntry third = entry(7, "PledgeRevised", "2024-06-20T00:00:00.000Z", "CORRECTION",
                "2024-06-01T00:00:00.000Z");
        List<FeedEntry> placed = CorrectionIntervals.placedInOrder(
                List.of(made, first, otherPledge, revision, earlierRevision, second, third));
        assertThat(placed.get(1).correctsFigureTo()).isNull();
        assertThat(placed.get(5).correctsFigureTo()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(placed.get(6).correctsFigureFrom()).isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(placed.get(6).correctsFigureTo()).isEqualTo("2024-07-01T00:00:00.000Z");
    }

    private static FeedEntry withAggregate(FeedEntry e, String aggregateId) {
        return new FeedEntry(e.sequence(), e.type(), e.recordedAt(), e.effectiveAt(), e.actor(), e.payload(), null,
                aggregateId, 0L);
    }

    static FeedEntry entry(long sequence, String type, String effectiveAt, String kind, String correctsFigureFrom) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("pledgeId", "p");
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
