package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.commitmentledger.eventlog.stored.StableNameSerializer;
import org.commitmentledger.pledge.api.PledgeMadeUpcaster;

import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.eventlog.EventJson;
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
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two drivers of the projection fold (ADR 0020) leave identical tables: the same random history applied event by
 * event through SQL, as the write path does, and stored in the event table and rebuilt in bulk into a new generation.
 * Half the money pledges are stored in their revision-1 form, which the rebuild reads through the upcaster chain.
 */
class LiveAndRebuildFoldsTests {

    private static final StableNameSerializer SERIALIZER = StableNameSerializer.over(EventJson.mapper());

    private static final List<String> PLEDGES = List.of("p-1", "p-2", "p-3", "p-4");
    private static final List<String> MEMBERS = List.of("DEU", "FRA", "HUN");
    private static final List<String> TABLES = List.of("member_version_g%d order by code, agg_seq",
            "fund_version_g%d order by fund_id, agg_seq",
            "pledge_version_g%d order by pledge_id, recorded_from, valid_from, recorded_to",
            "pledge_figure_g%d order by pledge_id, agg_seq");

    @RepeatedTest(12)
    void aRebuildWritesTheRowsTheWritePathWrote(RepetitionInfo repetition) throws Exception {
        List<Applied> history = history(new Random(repetition.getCurrentRepetition()));
        JdbcTemplate jdbc = ProjectionDatabase.create();
        ProjectionDatabase.Live live = ProjectionDatabase.live(jdbc);
        long global = 0;
        for (Applied applied : history) {
            live.on(applied.event(), applied.sequence(), applied.recordedAt());
            store(jdbc, ++global, applied);
        }

        GenerationTables tables = new GenerationTables(jdbc);
        tables.createBare(2);
        // odd repetitions read pages of 7 events and send batches of 5 rows, so that pages and batches end
        // mid-history (and a page may hold no event of a pass)
        boolean small = repetition.getCurrentRepetition() % 2 == 1;
        Rebuild rebuild = new Rebuild(jdbc.getDataSource(), SERIALIZER,
                new EventUpcasterChain(new PledgeMadeUpcaster()), small ? 7 : Rebuild.PAGE,
                small ? 5 : BulkLoad.BATCH_ROWS);
        // two pledges a pass: the pledges are folded over two passes
        assertThat(rebuild.load(2, 2, (position, events) -> true)).isEqualTo(global);
        tables.index(2);

        for (String table : TABLES) {
            List<Map<String, Object>> expected = jdbc.queryForList("select * from " + table.formatted(1));
            List<Map<String, Object>> actual = jdbc.queryForList("select * from " + table.formatted(2));
            assertThat(actual).as(table.formatted(2)).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }

    /** Stores the event as Axon's JPA engine would: the rebuild reads the event table with plain JDBC. */
    private static void store(JdbcTemplate jdbc, long globalIndex, Applied applied) throws Exception {
        Object event = applied.event();
        String[] aggregate = event instanceof PledgeMadeEvent made ? new String[] {"PledgeAggregate", made.pledgeId()}
                : event instanceof PledgeRevisedEvent revised ? new String[] {"PledgeAggregate", revised.pledgeId()}
                : event instanceof PledgeWithdrawnEvent withdrawn ? new String[] {"PledgeAggregate", withdrawn.pledgeId()}
                : event instanceof PledgeDisbursedEvent disbursed ? new String[] {"PledgeAggregate", disbursed.pledgeId()}
                : event instanceof MemberRegisteredEvent registered ? new String[] {"MemberAggregate", registered.code()}
                : event instanceof MemberRevisedEvent revised ? new String[] {"MemberAggregate", revised.code()}
                : new String[] {"FundAggregate", "fund-a"};
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);
        byte[] payload = stored.getData();
        String revision = stored.getType().getRevision();
        if (event instanceof PledgeMadeEvent made && made.kind() == PledgeKind.MONEY && globalIndex % 2 == 0) {
            // a money pledge as the release before kinds stored it: revision 1, without kind and description
            ObjectNode old = (ObjectNode) EventJson.mapper().readTree(payload);
            old.remove(List.of("kind", "description"));
            payload = EventJson.mapper().writeValueAsBytes(old);
            revision = "1";
        }
        jdbc.update("insert into domain_event_entry (global_index, event_identifier, payload, payload_type, "
                + "payload_revision, time_stamp, aggregate_identifier, sequence_number, type) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", globalIndex, UUID.randomUUID().toString(),
                payload, stored.getType().getName(), revision,
                applied.recordedAt().toString(), aggregate[1], applied.sequence(), aggregate[0]);
        if (event instanceof PledgeMadeEvent made) {
            jdbc.update("insert into pledge_directory (pledge_id, fund_id, member) values (?, ?, ?)", made.pledgeId(),
                    made.fundId(), made.member());
        }
    }

    /** One event with its aggregate sequence number and record time. */
    private record Applied(Object event, long sequence, Instant recordedAt) {
    }

    /** A history of members, one fund's rounds and pledges with every kind of change, record times increasing. */
    private static List<Applied> history(Random random) {
        List<Applied> history = new ArrayList<>();
        Map<String, Long> sequences = new HashMap<>();
        Instant recorded = Instant.parse("2024-01-01T00:00:00Z");
        for (String member : MEMBERS) {
            recorded = recorded.plusSeconds(60);
            history.add(new Applied(new MemberRegisteredEvent(member, member + " name", new BigDecimal("10.0000"),
                    recorded), next(sequences, member), recorded));
        }
        recorded = recorded.plusSeconds(60);
        history.add(new Applied(new FundProposedEvent("fund-a", "Fund A", 1, new BigDecimal("1000.00"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"), recorded.plusSeconds(86_400), recorded),
                next(sequences, "fund-a"), recorded));
        List<String> made = new ArrayList<>();
        int round = 1;
        for (int i = 0; i < 120; i++) {
            recorded = recorded.plusSeconds(1 + random.nextInt(3_600));
            Instant effective = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(400) * 86_400L);
            String member = MEMBERS.get(random.nextInt(MEMBERS.size()));
            Object event;
            String aggregate;
            int choice = random.nextInt(10);
            if (choice == 0) {
                aggregate = member;
                event = new MemberRevisedEvent(member, member + " renamed " + i,
                        BigDecimal.valueOf(random.nextInt(900) + 100, 1).setScale(4, RoundingMode.UNNECESSARY),
                        effective);
            } else if (choice == 1) {
                aggregate = "fund-a";
                event = switch (random.nextInt(5)) {
                    case 0 -> new ObjectionRaisedEvent("fund-a", round, member, "no " + i, effective);
                    case 1 -> new ObjectionWithdrawnEvent("fund-a", round, member, "yes " + i, effective);
                    case 2 -> new MemberOptedOutEvent("fund-a", member, "out " + i, effective);
                    case 3 -> new FundAmendedEvent("fund-a", ++round, round - 1, new BigDecimal(500 + i + ".00"),
                            LocalDate.parse("2025-01-01"), LocalDate.parse("2026-12-31"), effective, "cut", effective);
                    default -> new DecisionRoundConcludedEvent("fund-a", round, RoundOutcome.ADOPTED, List.of(),
                            effective);
                };
            } else if (made.size() < PLEDGES.size() && (made.isEmpty() || choice == 2)) {
                aggregate = PLEDGES.get(made.size());
                made.add(aggregate);
                boolean inKind = random.nextInt(3) == 0;
                event = new PledgeMadeEvent(aggregate, "fund-a", member, 2025, amount(random), "EUR", BigDecimal.ONE
                        .setScale(10), amount(random), null, inKind ? PledgeKind.IN_KIND : PledgeKind.MONEY,
                        inKind ? "air defence " + i : null, effective);
            } else {
                aggregate = made.get(random.nextInt(made.size()));
                BigDecimal amount = amount(random);
                event = switch (random.nextInt(4)) {
                    case 0 -> new PledgeRevisedEvent(aggregate, "fund-a", member, RevisionKind.REVISION, amount,
                            "EUR", BigDecimal.ONE.setScale(10), amount, "up", null, effective);
                    case 1 -> new PledgeRevisedEvent(aggregate, "fund-a", member, RevisionKind.CORRECTION, amount,
                            "EUR", BigDecimal.ONE.setScale(10), amount, "typo", effective, recorded);
                    case 2 -> new PledgeDisbursedEvent(aggregate, "fund-a", member, amount, "EUR",
                            BigDecimal.ONE.setScale(10), amount, "ref " + i, effective);
                    default -> new PledgeWithdrawnEvent(aggregate, "fund-a", member, "gone", effective);
                };
            }
            history.add(new Applied(event, next(sequences, aggregate), recorded));
        }
        return history;
    }

    private static BigDecimal amount(Random random) {
        return BigDecimal.valueOf(1 + random.nextInt(1_000_000), 2);
    }

    private static long next(Map<String, Long> sequences, String aggregate) {
        return sequences.merge(aggregate, 1L, Long::sum) - 1;
    }
}
