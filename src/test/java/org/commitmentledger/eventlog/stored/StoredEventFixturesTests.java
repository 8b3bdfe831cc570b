package org.commitmentledger.eventlog.stored;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializationException;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The frozen stored forms of src/test/resources/events (ADR 0038): each was written once by the code of its revision
 * and is never edited. Read through the configured serializer and upcaster chain, as the event store reads, each
 * gives today's record, field by field. Every event type and every revision of it has its fixture.
 */
class StoredEventFixturesTests {

    private static final StableNameSerializer SERIALIZER = StableNameSerializer.over(org.commitmentledger.eventlog.EventJson.mapper());
    private static final String DEU_PLEDGE = "01a22b7f-109e-77d9-9e73-83f67965485d";
    private static final String POL_PLEDGE = "01a22b7f-11e9-787b-b64d-ca47ac1ccc68";

    /** What each fixture reads as today: {@code <name>-<revision>} to the expected record. */
    private static final Map<String, Object> EXPECTED = Map.ofEntries(
            Map.entry("MemberRegistered-1", new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("16.1"),
                    at("2024-01-01T00:00:00Z"))),
            Map.entry("MemberRevised-1", new MemberRevisedEvent("DEU", "Federal Republic of Germany",
                    new BigDecimal("16.2"), at("2024-03-01T00:00:00Z"))),
            Map.entry("FundProposed-1", new FundProposedEvent("ukraine-fund", "Ukraine support", 1,
                    new BigDecimal("100000000000.00"), LocalDate.parse("2025-01-01"), LocalDate.parse("2029-12-31"),
                    at("2024-07-01T00:00:00Z"), at("2024-04-02T00:00:00Z"))),
            Map.entry("FundAmended-1", new FundAmendedEvent("ukraine-fund", 2, 1, new BigDecimal("40000000000.00"),
                    LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"), at("2024-07-09T00:00:00Z"),
                    "annual baseline", at("2024-06-01T00:00:00Z"))),
            Map.entry("ObjectionRaised-1", new ObjectionRaisedEvent("ukraine-fund", 1, "HUN", "will not fund arms",
                    at("2024-04-10T00:00:00Z"))),
            Map.entry("ObjectionWithdrawn-1", new ObjectionWithdrawnEvent("ukraine-fund", 2, "POL", "assured",
                    at("2024-06-10T00:00:00Z"))),
            Map.entry("MemberOptedOut-1", new MemberOptedOutEvent("ukraine-fund", "HUN", "opts out",
                    at("2024-06-02T00:00:00Z"))),
            Map.entry("DecisionRoundConcluded-1", new DecisionRoundConcludedEvent("ukraine-fund", 2,
                    RoundOutcome.ADOPTED, List.of(), at("2024-07-10T00:00:00Z"))),
            // revision 1 knew no kinds: every pledge was money
            Map.entry("PledgeMade-1", new PledgeMadeEvent(DEU_PLEDGE, "ukraine-fund", "DEU", 2025,
                    new BigDecimal("1700000000"), "EUR", new BigDecimal("1"), new BigDecimal("1700000000.00"),
                    "first tranche", PledgeKind.MONEY, null, at("2024-07-11T00:00:00Z"))),
            Map.entry("PledgeMade-2", new PledgeMadeEvent("01a22b80-5a3c-7b41-8f0e-6c1d2e3f4a5b", "ukraine-fund",
                    "POL", 2025, new BigDecimal("250000000"), "EUR", new BigDecimal("1"),
                    new BigDecimal("250000000.00"), null, PledgeKind.IN_KIND,
                    "two Patriot batteries, delivered and trained", at("2024-12-01T00:00:00Z"))),
            Map.entry("PledgeRevised-1", new PledgeRevisedEvent(DEU_PLEDGE, "ukraine-fund", "DEU",
                    RevisionKind.REVISION, new BigDecimal("3800000000"), "EUR", new BigDecimal("1"),
                    new BigDecimal("3800000000.00"), "budget law", null, at("2024-09-01T00:00:00Z"))),
            Map.entry("PledgeWithdrawn-1", new PledgeWithdrawnEvent(POL_PLEDGE, "ukraine-fund", "POL",
                    "redirected bilaterally", at("2024-11-01T00:00:00Z"))),
            Map.entry("PledgeDisbursed-1", new PledgeDisbursedEvent(DEU_PLEDGE, "ukraine-fund", "DEU",
                    new BigDecimal("500000000"), "EUR", new BigDecimal("1"), new BigDecimal("500000000.00"),
                    "batch 1", at("2024-10-01T00:00:00Z"))));

    @Test
    void everyFixtureReadsAsTodaysRecordFieldByField() throws IOException {
        for (Map.Entry<String, Object> expected : EXPECTED.entrySet()) {
            String[] nameAndRevision = expected.getKey().split("-");
            Object read = read(nameAndRevision[0], nameAndRevision[1], fixture("events/" + expected.getKey()));
            assertThat(read).as(expected.getKey()).isExactlyInstanceOf(expected.getValue().getClass())
                    .usingRecursiveComparison().withStrictTypeChecking().isEqualTo(expected.getValue());
        }
    }

    @Test
    void everyEventTypeHasAFixtureOfEachOfItsRevisions() throws Exception {
        Set<String> required = new TreeSet<>();
        for (Map.Entry<String, String> event : StoredTypes.events().entrySet()) {
            Revision revision = Class.forName(event.getValue()).getAnnotation(Revision.class);
            assertThat(revision).as("@Revision on %s", event.getValue()).isNotNull();
            int current = Integer.parseInt(revision.value());
            for (int r = 1; r <= current; r++) {
                required.add(event.getKey() + "-" + r);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (StoredEventFixturesTests.class.getResource("/events/" + name + ".json") == null) {
                missing.add("events/" + name + ".json");
            }
        }
        assertThat(missing).as("fixtures to write once with the code of that revision (ADR 0039)").isEmpty();
        assertThat(EXPECTED.keySet()).as("an expected record for every fixture").containsExactlyInAnyOrderElementsOf(
                required);
    }

    @Test
    void everyClassWithARevisionIsStoredUnderAStableName() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> revised = new TreeSet<>();
        scan.findCandidateComponents("org.commitmentledger").forEach(bean -> revised.add(bean.getBeanClassName()));
        assertThat(revised).hasSize(15).containsExactlyInAnyOrderElementsOf(StoredTypes.classNames());
    }

    @Test
    void anEventIsStoredUnderItsFeedNameAndReadBack() {
        var stored = SERIALIZER.serialize(EXPECTED.get("PledgeMade-2"), byte[].class);
        assertThat(stored.getType().getName()).isEqualTo("PledgeMade");
        assertThat(stored.getType().getRevision()).isEqualTo("2");
        assertThat(SERIALIZER.classForType(stored.getType())).isEqualTo(PledgeMadeEvent.class);
        // anything that is not an event or a snapshot keeps Axon's naming
        assertThat(SERIALIZER.typeForClass(String.class).getName()).isEqualTo("java.lang.String");
    }

    @Test
    void aStoredFieldTheRecordDoesNotHaveFailsLoudly() throws IOException {
        byte[] today = fixture("events/PledgeMade-2");
        byte[] unknown = new String(today, StandardCharsets.UTF_8).replace("\"note\":null", "\"note\":null,"
                + "\"colour\":\"green\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("PledgeMade", "2", unknown)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("deserializing");
        // revision 1 had no kind: the upcaster adds it; a revision-1 payload that already has one is not revision 1
        byte[] old = new String(fixture("events/PledgeMade-1"), StandardCharsets.UTF_8).replace("\"note\"",
                "\"colour\":\"green\",\"note\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("PledgeMade", "1", old)).isInstanceOf(SerializationException.class);
    }

    /** Reads a stored payload as the event store does: upcaster chain, then the serializer. */
    static Object read(String name, String revision, byte[] payload) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Aggregate", "id", 0, "event",
                Instant.EPOCH, name, revision, payload, "{}".getBytes(StandardCharsets.UTF_8));
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), SERIALIZER, Upcasters.chain())
                .next().getPayload();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = StoredEventFixturesTests.class.getResourceAsStream("/" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
