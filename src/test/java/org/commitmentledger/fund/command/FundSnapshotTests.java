package org.commitmentledger.fund.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.commitmentledger.eventlog.stored.AggregateSnapshots;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.junit.jupiter.api.Test;

/** A fund restored from its snapshot is the fund its events made, and goes on like it (ADR 0014). */
class FundSnapshotTests {

    private static final Serializer SNAPSHOTS = AggregateSnapshots.serializer();

    private static Instant at(String day) {
        return Instant.parse(day + "T00:00:00Z");
    }

    private static FundAggregate sourced() {
        FundAggregate fund = new FundAggregate();
        fund.on(new FundProposedEvent("snap-fund", "Snapshots", 1, new BigDecimal("100000000000.00"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2029-12-31"), at("2024-07-01"), at("2024-04-02")), 0);
        fund.on(new ObjectionRaisedEvent("snap-fund", 1, "HUN", "no", at("2024-04-10")), 1);
        fund.on(new FundAmendedEvent("snap-fund", 2, 1, new BigDecimal("40000000000.00"), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-12-31"), at("2024-07-09"), "baseline", at("2024-06-01")), 2);
        fund.on(new MemberOptedOutEvent("snap-fund", "SVK", "out", at("2024-06-02")), 3);
        fund.on(new ObjectionRaisedEvent("snap-fund", 2, "TUR", "later", at("2024-06-03")), 4);
        return fund;
    }

    /** Events after the snapshot: an opt-out whose code sorts first, a withdrawal, the decision. */
    private static void goOn(FundAggregate fund) {
        fund.on(new MemberOptedOutEvent("snap-fund", "AUT", "out", at("2024-06-04")), 5);
        fund.on(new ObjectionWithdrawnEvent("snap-fund", 2, "TUR", "fine", at("2024-06-05")), 6);
        fund.on(new DecisionRoundConcludedEvent("snap-fund", 2, RoundOutcome.ADOPTED, List.of(), at("2024-07-10")), 7);
    }

    private static String json(Object aggregate) {
        return new String(SNAPSHOTS.serialize(aggregate, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    @Test
    void restoresTheFundItsEventsMadeAndGoesOnLikeIt() {
        FundAggregate original = sourced();
        SerializedObject<byte[]> snapshot = SNAPSHOTS.serialize(original, byte[].class);
        assertThat(snapshot.getType().getRevision()).isEqualTo("1");
        FundAggregate restored = SNAPSHOTS.deserialize(snapshot);
        assertThat(json(restored)).isEqualTo(json(original)).contains("\"HUN\"", "\"SVK\"", "40000000000.00");
        for (String day : List.of("2024-04-01", "2024-05-01", "2024-06-03", "2026-01-01")) {
            for (String member : List.of("SVK", "DEU")) {
                assertThat(restored.refusalOfPledge(member, 2025, at(day)))
                        .isEqualTo(original.refusalOfPledge(member, 2025, at(day)));
            }
        }
        goOn(original);
        goOn(restored);
        assertThat(json(restored)).isEqualTo(json(original));
        assertThat(restored.refusalOfPledge("AUT", 2025, at("2024-08-01"))).isPresent();
        assertThat(restored.refusalOfPledge("DEU", 2025, at("2024-08-01"))).isEmpty();
    }

    @Test
    void ignoresASnapshotOfAnotherRevisionOfTheClass() {
        byte[] data = json(sourced()).getBytes(StandardCharsets.UTF_8);
        assertThat(AggregateSnapshots.filter().allow(entry("1", data))).isTrue();
        assertThat(AggregateSnapshots.filter().allow(entry("0", data))).isFalse();
        assertThat(AggregateSnapshots.filter().allow(entry(null, data))).isFalse();
    }

    private static GenericDomainEventEntry<byte[]> entry(String revision, byte[] data) {
        return new GenericDomainEventEntry<>("FundAggregate", "snap-fund", 4, "snapshot-id", at("2024-06-03"),
                FundAggregate.class.getName(), revision, data, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
