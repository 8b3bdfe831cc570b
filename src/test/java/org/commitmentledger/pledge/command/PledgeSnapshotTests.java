package org.commitmentledger.pledge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.axonframework.serialization.Serializer;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.eventlog.stored.AggregateSnapshots;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.junit.jupiter.api.Test;

/** A pledge restored from its snapshot keeps its figures and disbursements, and goes on like the original (ADR 0014). */
class PledgeSnapshotTests {

    private static final Serializer SNAPSHOTS = AggregateSnapshots.serializer();

    private static String json(Object aggregate) {
        return new String(SNAPSHOTS.serialize(aggregate, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private static PledgeRevisedEvent revised(RevisionKind kind, String amount, Instant correctsFrom, String day) {
        BigDecimal value = new BigDecimal(amount);
        return new PledgeRevisedEvent("p-1", "snap-fund", "DEU", kind, value, "EUR", BigDecimal.ONE, value, "r",
                correctsFrom, Instant.parse(day + "T00:00:00Z"));
    }

    @Test
    void restoresFiguresAndDisbursementsAndGoesOnLikeTheOriginal() {
        PledgeAggregate original = new PledgeAggregate();
        original.on(new PledgeMadeEvent("p-1", "snap-fund", "DEU", 2025, new BigDecimal("1000.00"), "USD",
                new BigDecimal("0.9"), new BigDecimal("900.00"), "note", PledgeKind.MONEY, null, Instant.parse("2024-03-01T00:00:00Z")), 0);
        original.on(revised(RevisionKind.REVISION, "2000.00", null, "2024-05-01"), 1);
        original.on(new PledgeDisbursedEvent("p-1", "snap-fund", "DEU", new BigDecimal("10.00"), "EUR", BigDecimal.ONE,
                new BigDecimal("10.00"), "ref", Instant.parse("2024-05-02T00:00:00Z")), 2);

        PledgeAggregate restored = SNAPSHOTS.deserialize(SNAPSHOTS.serialize(original, byte[].class));
        assertThat(json(restored)).isEqualTo(json(original)).contains("2000.00", "0.9", "2024-05-02T00:00:00.000Z");

        // a correction of the first figure, found by its valid-from time, then a revision
        PledgeRevisedEvent correction = revised(RevisionKind.CORRECTION, "1500.00",
                Instant.parse("2024-03-01T00:00:00Z"), "2024-04-01");
        original.on(correction, 3);
        restored.on(correction, 3);
        original.on(revised(RevisionKind.REVISION, "3000.00", null, "2024-06-01"), 4);
        restored.on(revised(RevisionKind.REVISION, "3000.00", null, "2024-06-01"), 4);
        assertThat(json(restored)).isEqualTo(json(original)).contains("1500.00", "3000.00");
    }

    @Test
    void keepsOneFigurePerValidFromInstantHoweverManyRevisionsShareIt() {
        PledgeAggregate pledge = new PledgeAggregate();
        pledge.on(new PledgeMadeEvent("p-1", "snap-fund", "DEU", 2025, new BigDecimal("1000.00"), "EUR",
                BigDecimal.ONE, new BigDecimal("1000.00"), null, PledgeKind.MONEY, null, Instant.parse("2024-03-01T00:00:00Z")), 0);
        for (int i = 1; i <= 1000; i++) {
            pledge.on(revised(RevisionKind.REVISION, (2000 + i) + ".00", null, "2024-05-01"), i);
        }
        String snapshot = json(pledge);
        // the figure from March and the last one of May: the other 999 can never be in force again
        assertThat(snapshot.split("\"validFrom\"", -1)).hasSize(3);
        assertThat(snapshot).contains("3000.00").doesNotContain("2999.00");
    }
}
