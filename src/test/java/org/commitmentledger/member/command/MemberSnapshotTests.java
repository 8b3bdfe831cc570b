package org.commitmentledger.member.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.axonframework.serialization.Serializer;
import org.commitmentledger.eventlog.stored.AggregateSnapshots;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.junit.jupiter.api.Test;

/** A member restored from its snapshot answers like the one its events made (ADR 0014). */
class MemberSnapshotTests {

    private static final Serializer SNAPSHOTS = AggregateSnapshots.serializer();

    private static String json(Object aggregate) {
        return new String(SNAPSHOTS.serialize(aggregate, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    @Test
    void restoresTheRegistrationAndTheTimeline() {
        MemberAggregate original = new MemberAggregate();
        original.on(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("16.1"),
                Instant.parse("2024-01-01T00:00:00Z")), 0);
        original.on(new MemberRevisedEvent("DEU", "Germany", new BigDecimal("16.2"),
                Instant.parse("2024-06-01T00:00:00Z")), 1);
        MemberAggregate restored = SNAPSHOTS.deserialize(SNAPSHOTS.serialize(original, byte[].class));
        assertThat(json(restored)).isEqualTo(json(original)).contains("\"DEU\"", "2024-06-01T00:00:00.000Z");
        assertThat(restored.isRegisteredAt(Instant.parse("2023-12-31T23:59:59.999Z"))).isFalse();
        assertThat(restored.isRegisteredAt(Instant.parse("2024-01-01T00:00:00Z"))).isTrue();
    }
}
