package org.commitmentledger.eventlog.stored;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

/**
 * The frozen snapshots of src/test/resources/snapshots (ADR 0038), written by the release before stable names: each
 * aggregate's snapshot of its current revision reads back field by field under its stable name, and one of another
 * revision is refused, so the aggregate is sourced from its events (ADR 0014).
 */
class StoredSnapshotFixturesTests {

    private static final ObjectMapper JSON = AggregateSnapshots.mapper();

    @Test
    void everyAggregateHasAFixtureOfItsCurrentSnapshotRevisionThatReadsBackFieldByField() throws Exception {
        Serializer snapshots = AggregateSnapshots.serializer();
        for (Map.Entry<String, String> snapshot : StoredTypes.snapshots().entrySet()) {
            Class<?> aggregate = Class.forName(snapshot.getValue());
            String revision = aggregate.getAnnotation(Revision.class).value();
            byte[] stored = StoredEventFixturesTests.fixture("snapshots/" + snapshot.getKey() + "-" + revision);
            Object read = snapshots.deserialize(new SimpleSerializedObject<>(stored, byte[].class, snapshot.getKey(),
                    revision));
            assertThat(read).as(snapshot.getKey()).isExactlyInstanceOf(aggregate);
            // every stored field has its place in today's class and keeps its value
            assertThat(JSON.readTree(snapshots.serialize(read, byte[].class).getData())).as(snapshot.getKey())
                    .isEqualTo(JSON.readTree(stored));
            assertThat(snapshots.typeForClass(aggregate).getName()).isEqualTo(snapshot.getKey());
        }
    }

    @Test
    void aSnapshotOfAnotherRevisionIsRefusedSoTheAggregateIsSourcedFromItsEvents() throws IOException {
        byte[] stored = StoredEventFixturesTests.fixture("snapshots/PledgeSnapshot-1");
        assertThat(AggregateSnapshots.filter().allow(entry("PledgeSnapshot", "1", stored))).isTrue();
        assertThat(AggregateSnapshots.filter().allow(entry("PledgeSnapshot", "0", stored))).isFalse();
        assertThat(AggregateSnapshots.filter().allow(entry("PledgeSnapshot", null, stored))).isFalse();
        assertThat(AggregateSnapshots.filter().allow(entry("NoSuchSnapshot", "1", stored))).isFalse();
    }

    private static GenericDomainEventEntry<byte[]> entry(String type, String revision, byte[] data) {
        return new GenericDomainEventEntry<>("PledgeAggregate", "p-1", 3, "snapshot-id", Instant.EPOCH, type, revision,
                data, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
