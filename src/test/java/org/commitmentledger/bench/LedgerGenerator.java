package org.commitmentledger.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a large, rule-abiding history straight through the application's {@link EventStorageEngine} bean (the
 * chained JPA engine, so every batch also extends the hash chain in its own transaction), bypassing command handling.
 * Deterministic from the seed: identifiers, amounts, valid times and record times all come from it.
 *
 * <p>Shape: 32 members registered 2000-01-01; then fund after fund, each proposed (round 1, period 2021-2030),
 * some with an objection raised and withdrawn, some with one member opting out, the round concluded ADOPTED at its
 * deadline; then pledges by participating members, each with revisions and occasional corrections. The
 * {@code pledge_directory} rows that the subscribing processor would write are inserted alongside (the storage
 * engine does not publish to event handlers). Projections are left to the tracking processor (or a rebuild).
 */
public final class LedgerGenerator {

    public static final Instant RECORD_BASE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant MEMBER_SINCE = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MEMBERS = 32;
    private static final int PLEDGES_PER_FUND = 40;
    private static final Map<String, Object> ACTOR = actor();

    private final EventStorageEngine engine;
    private final JdbcTemplate jdbc;
    private final int batchSize;

    /** What was written: ids for the read and write load. */
    public record Generated(long events, List<String> funds, List<String> pledges, List<String> members,
                            Instant firstRecorded, Instant lastRecorded, long millis, List<Instant> fundsRecorded,
                            List<Instant> pledgesRecorded) {
    }

    public LedgerGenerator(EventStorageEngine engine, JdbcTemplate jdbc, int batchSize) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.batchSize = batchSize;
    }

    public static List<String> memberCodes() {
        return List.of("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
                "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
                "NOR", "ISL", "CHE", "GBR", "CAN");
    }

    /** Appends about {@code targetEvents} events (whole funds, so a little more). */
    public Generated generate(long seed, long targetEvents) {
        long started = System.nanoTime();
        Random rnd = new Random(seed);
        Batch batch = new Batch(rnd);
        List<String> members = memberCodes();
        for (int i = 0; i < members.size(); i++) {
            BigDecimal share = BigDecimal.valueOf(1 + rnd.nextInt(300)).movePointLeft(1);
            batch.add("MemberAggregate", members.get(i), 0,
                    new MemberRegisteredEvent(members.get(i), "Member " + members.get(i), share, MEMBER_SINCE));
        }
        List<String> funds = new ArrayList<>();
        List<String> pledges = new ArrayList<>();
        List<Instant> fundsRecorded = new ArrayList<>();
        List<Instant> pledgesRecorded = new ArrayList<>();
        int f = 0;
        while (batch.total < targetEvents) {
            String fundId = String.format("gen-%d-%06d", seed, f);
            funds.add(fundId);
            fundsRecorded.add(batch.recordedAt(batch.total));
            Instant t0 = Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofHours(f % 40_000));
            Instant deadline = t0.plus(Duration.ofDays(30));
            long seq = 0;
            BigDecimal target = BigDecimal.valueOf(1_000_000L + rnd.nextInt(900_000_000));
            batch.add("FundAggregate", fundId, seq++, new FundProposedEvent(fundId, "Generated fund " + f, 1, target,
                    LocalDate.of(2021, 1, 1), LocalDate.of(2030, 12, 31), deadline, t0));
            if (rnd.nextInt(4) == 0) {
                String objector = members.get(rnd.nextInt(MEMBERS));
                batch.add("FundAggregate", fundId, seq++, new ObjectionRaisedEvent(fundId, 1, objector,
                        "needs review", t0.plus(Duration.ofDays(1))));
                batch.add("FundAggregate", fundId, seq++, new ObjectionWithdrawnEvent(fundId, 1, objector,
                        "reviewed", t0.plus(Duration.ofDays(2))));
            }
            String optedOut = null;
            if (rnd.nextInt(5) == 0) {
                optedOut = members.get(rnd.nextInt(MEMBERS));
                batch.add("FundAggregate", fundId, seq++, new MemberOptedOutEvent(fundId, optedOut, "not taking part",
                        t0.plus(Duration.ofDays(3))));
            }
            batch.add("FundAggregate", fundId, seq, new DecisionRoundConcludedEvent(fundId, 1, RoundOutcome.ADOPTED,
                    List.of(), deadline));
            for (int p = 0; p < PLEDGES_PER_FUND && batch.total < targetEvents + 200; p++) {
                String member = members.get(rnd.nextInt(MEMBERS));
                if (member.equals(optedOut)) {
                    continue;
                }
                String pledgeId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                pledges.add(pledgeId);
                pledgesRecorded.add(batch.recordedAt(batch.total));
                batch.pledgeDirectory(pledgeId, fundId, member);
                Instant at = deadline.plus(Duration.ofDays(1 + rnd.nextInt(60)));
                BigDecimal rate = BigDecimal.ONE;
                BigDecimal amount = BigDecimal.valueOf(10_000L + rnd.nextInt(50_000_000));
                batch.add("PledgeAggregate", pledgeId, 0, new PledgeMadeEvent(pledgeId, fundId, member,
                        2021 + rnd.nextInt(10), amount, "EUR", rate, eur(amount, rate), "generated", PledgeKind.MONEY, null, at));
                int revisions = rnd.nextInt(5);
                long pseq = 1;
                Instant latestFigure = at;
                for (int r = 0; r < revisions; r++) {
                    amount = amount.multiply(BigDecimal.valueOf(80 + rnd.nextInt(50))).movePointLeft(2)
                            .setScale(2, RoundingMode.HALF_EVEN);
                    if (rnd.nextInt(4) == 0) {
                        Instant correctionAt = latestFigure.plus(Duration.ofHours(1));
                        batch.add("PledgeAggregate", pledgeId, pseq++, new PledgeRevisedEvent(pledgeId, fundId,
                                member, RevisionKind.CORRECTION, amount, "EUR", rate, eur(amount, rate),
                                "typo in the figure", latestFigure, correctionAt));
                    } else {
                        at = at.plus(Duration.ofDays(1 + rnd.nextInt(90)));
                        latestFigure = at;
                        batch.add("PledgeAggregate", pledgeId, pseq++, new PledgeRevisedEvent(pledgeId, fundId,
                                member, RevisionKind.REVISION, amount, "EUR", rate, eur(amount, rate),
                                "budget decision", null, at));
                    }
                }
            }
            f++;
        }
        batch.flush();
        return new Generated(batch.total, funds, pledges, members, RECORD_BASE, batch.recordedAt(batch.total),
                (System.nanoTime() - started) / 1_000_000, fundsRecorded, pledgesRecorded);
    }

    private static BigDecimal eur(BigDecimal amount, BigDecimal rate) {
        return amount.multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
    }

    private static Map<String, Object> actor() {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user", "generator");
        actor.put("role", "SECRETARIAT");
        return actor;
    }

    private final class Batch {
        private final Random rnd;
        private final List<DomainEventMessage<?>> events = new ArrayList<>();
        private final List<Object[]> directory = new ArrayList<>();
        long total;

        Batch(Random rnd) {
            this.rnd = rnd;
        }

        Instant recordedAt(long n) {
            return RECORD_BASE.plusMillis(n * 10);
        }

        void add(String type, String aggregateId, long sequence, Object payload) {
            events.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                    Map.of("actor", ACTOR), new UUID(rnd.nextLong(), rnd.nextLong()).toString(),
                    recordedAt(total)));
            total++;
            if (events.size() >= batchSize) {
                flush();
            }
        }

        void pledgeDirectory(String pledgeId, String fundId, String member) {
            directory.add(new Object[] {pledgeId, fundId, member});
        }

        void flush() {
            if (!events.isEmpty()) {
                engine.appendEvents(events);
                events.clear();
            }
            if (!directory.isEmpty()) {
                jdbc.batchUpdate("insert into pledge_directory (pledge_id, fund_id, member) values (?, ?, ?)",
                        directory);
                directory.clear();
            }
        }
    }
}
