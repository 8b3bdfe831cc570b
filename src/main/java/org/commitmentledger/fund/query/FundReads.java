package org.commitmentledger.fund.query;

import org.commitmentledger.fund.api.FundState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.commitmentledger.eventlog.CorrectionIntervals;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.eventlog.StoredEvents;
import org.commitmentledger.member.api.MemberReads;
import org.commitmentledger.pledge.api.PledgeReads;
import org.commitmentledger.pledge.api.TotalsOverValidTime;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ProjectionTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Where fund totals, gaps, fair shares, positions, rounds and timelines are computed at (asOf, effectiveAt). */
@Component
public class FundReads {

    private final JdbcTemplate jdbc;
    private final PledgeReads pledges;
    private final MemberReads members;
    private final StoredEvents events;
    private final ProjectionTables tables;

    FundReads(JdbcTemplate jdbc, PledgeReads pledges, MemberReads members, StoredEvents events,
              ProjectionTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.pledges = pledges;
        this.members = members;
        this.events = events;
    }

    /** The fund's state after its newest event recorded by asOf and effective by effectiveAt. */
    public Optional<FundState> state(String fundId, PointInTime at) {
        return jdbc.queryForList("select state from " + versions() + " where fund_id = ? and recorded_at <= ? and "
                + "effective_at <= ? order by agg_seq desc fetch first 1 rows only", String.class, fundId,
                at.asOfMillis(), at.effectiveMillis()).stream().findFirst().map(FundState::fromJson);
    }

    public List<FundState> all(PointInTime at) {
        return jdbc.queryForList("select v.state from " + versions() + " v where v.recorded_at <= ? and v.effective_at <= ? "
                + "and v.agg_seq = (select max(w.agg_seq) from " + versions() + " w where w.fund_id = v.fund_id and "
                + "w.recorded_at <= ? and w.effective_at <= ?) order by v.fund_id", String.class, at.asOfMillis(),
                at.effectiveMillis(), at.asOfMillis(), at.effectiveMillis()).stream().map(FundState::fromJson).toList();
    }

    private String versions() {
        return tables.read(ProjectionTables.FUND_VERSION);
    }

    public FundSummary summary(FundState fund, PledgeReads.Totals totals) {
        return new FundSummary(fund.fundId, fund.name, fund.status(), Money.render(fund.terms().targetEur),
                Money.render(totals.pledgedEur()), Money.render(totals.disbursedEur()),
                Money.render(fund.terms().targetEur.subtract(totals.pledgedEur())));
    }

    public List<FundSummary> summaries(PointInTime at) {
        Map<String, PledgeReads.Totals> totals = pledges.totalsByFund(at);
        return all(at).stream().map(f -> summary(f, totals.getOrDefault(f.fundId, PledgeReads.Totals.NONE)))
                .toList();
    }

    public FundDetail detail(FundState fund, PointInTime at) {
        PledgeReads.Totals totals = pledges.totals(fund.fundId, at);
        FundState.Round terms = fund.terms();
        FundState.Round open = fund.open();
        return new FundDetail(fund.fundId, fund.name, fund.status(), terms.round, Money.render(terms.targetEur),
                terms.periodStart.toString(), terms.periodEnd.toString(),
                open == null ? null : FundRoundTerms.of(open), List.copyOf(fund.optOuts),
                Money.render(totals.pledgedEur()), Money.render(totals.disbursedEur()),
                Money.render(terms.targetEur.subtract(totals.pledgedEur())),
                rendered(pledges.pledgedByKind(fund.fundId, at)));
    }

    /** {@code {"MONEY": "…", "IN_KIND": "…"}} as money strings. */
    private static Map<String, String> rendered(Map<String, BigDecimal> byKind) {
        Map<String, String> view = new LinkedHashMap<>();
        byKind.forEach((kind, eur) -> view.put(kind, Money.render(eur)));
        return view;
    }

    public List<FundRound> rounds(FundState fund) {
        List<FundRound> rounds = new ArrayList<>();
        for (FundState.Round r : fund.rounds) {
            FundRoundTerms terms = FundRoundTerms.of(r);
            List<FundRound.RoundObjection> objections = r.objections.stream()
                    .map(o -> new FundRound.RoundObjection(o.member, o.reason, Instants.render(o.effectiveAt),
                            Instants.render(o.withdrawnAt)))
                    .toList();
            rounds.add(new FundRound(terms.round(), terms.targetEur(), terms.periodStart(), terms.periodEnd(),
                    terms.decisionDeadline(), terms.standingObjections(), r.outcome, objections));
        }
        return rounds;
    }

    /** Members registered at that point in time who have not opted out of the fund: the fair-share base. */
    private List<MemberReads.MemberView> participants(FundState fund, PointInTime at) {
        return members.all(at).stream().filter(m -> !fund.optOuts.contains(m.code())).toList();
    }

    private static BigDecimal shareSum(List<MemberReads.MemberView> participants) {
        return participants.stream().map(MemberReads.MemberView::costShare).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * One row per participant (registered at that point in time and not opted out), then one per other member with
     * pledges in force, marked {@code optedOut} when it opted out: every euro of the fund's pledgedEur is in exactly
     * one row. A pledge made before its member opted out still counts in the fund's total (opting out keeps
     * earlier pledges), so it must be shown somewhere, yet not in the fair-share base the participants divide.
     */
    public List<FairShareRow> fairShares(FundState fund, PointInTime at) {
        List<MemberReads.MemberView> registered = members.all(at);
        List<MemberReads.MemberView> participants = registered.stream().filter(m -> !fund.optOuts.contains(m.code()))
                .toList();
        BigDecimal sum = shareSum(participants);
        Map<String, PledgeReads.Totals> pledged = new TreeMap<>(pledges.totalsByMember(fund.fundId, at));
        Map<String, Map<String, BigDecimal>> byKind = pledges.pledgedByMemberAndKind(fund.fundId, at);
        BigDecimal target = fund.terms().targetEur;
        List<FairShareRow> rows = new ArrayList<>();
        for (MemberReads.MemberView m : participants) {
            BigDecimal fair = fairShare(target, m.costShare(), sum);
            BigDecimal own = pledged.getOrDefault(m.code(), PledgeReads.Totals.NONE).pledgedEur();
            rows.add(new FairShareRow(m.code(), Money.plain(m.costShare()),
                    m.costShare().divide(sum, 6, RoundingMode.HALF_EVEN).toPlainString(), Money.render(fair),
                    Money.render(own), rendered(byKind.getOrDefault(m.code(), PledgeReads.byKind())),
                    fair.signum() == 0 ? null : own.divide(fair, 4, RoundingMode.HALF_EVEN).toPlainString(), false));
            pledged.remove(m.code());
        }
        Map<String, BigDecimal> shares = new HashMap<>();
        registered.forEach(m -> shares.put(m.code(), m.costShare()));
        for (String code : pledged.keySet()) {
            rows.add(new FairShareRow(code, shares.containsKey(code) ? Money.plain(shares.get(code)) : null, null,
                    null, Money.render(pledged.getOrDefault(code, PledgeReads.Totals.NONE).pledgedEur()),
                    rendered(byKind.getOrDefault(code, PledgeReads.byKind())), null, fund.optOuts.contains(code)));
        }
        return rows;
    }

    static BigDecimal fairShare(BigDecimal target, BigDecimal share, BigDecimal participantsSum) {
        return target.multiply(share).divide(participantsSum, 2, RoundingMode.HALF_EVEN);
    }

    /** A member's position in the fund; empty when the member is not registered at that point in time. */
    public Optional<FundPosition> position(FundState fund, String code, PointInTime at) {
        Optional<MemberReads.MemberView> member = members.one(code, at);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        List<PledgeReads.PledgeView> own = pledges.ofFundAndMember(fund.fundId, code, at);
        BigDecimal pledged = own.stream().filter(p -> "ACTIVE".equals(p.status()))
                .map(PledgeReads.PledgeView::eurAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal disbursed = own.stream().map(PledgeReads.PledgeView::disbursedEur)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean optedOut = fund.optOuts.contains(code);
        BigDecimal fair = null;
        if (!optedOut) {
            BigDecimal sum = shareSum(participants(fund, at));
            fair = fairShare(fund.terms().targetEur, member.get().costShare(), sum);
        }
        FundState.Round open = fund.open();
        return Optional.of(new FundPosition(fund.fundId, code, Money.render(pledged), Money.render(disbursed),
                Money.render(fair), open != null && open.standingObjections().contains(code), optedOut,
                own.stream().map(PledgeReads.PledgeView::toJson).toList()));
    }

    /**
     * The fund's decisions replayed step by step: one point per event of the fund or its pledges recorded by asOf, in
     * effective-time order, with the state at that event's effectiveAt. A CORRECTION acts on the valid time of the
     * figure it replaced, so its point is placed at that figure's start, with the totals there.
     */
    public List<TimelinePoint> timeline(String fundId, Instant asOf) {
        List<FeedEntry> history = new ArrayList<>(CorrectionIntervals.placedInOrder(events.ofFund(fundId, asOf)));
        history.sort(Comparator.comparing(FundReads::actsAt).thenComparingLong(FeedEntry::sequence));
        // every point shares one asOf, so the fund's and its pledges' rows recorded by then are read once and each
        // point looks its valid time up in them: a state and a totals query per point would cost the square of the
        // fund's history
        StatesOverValidTime states = statesOverValidTime(fundId, asOf);
        TotalsOverValidTime sums = pledges.totalsOverValidTime(fundId, asOf);
        List<TimelinePoint> points = new ArrayList<>();
        for (FeedEntry entry : history) {
            String actsAt = actsAt(entry);
            long effective = Instants.parse(actsAt).toEpochMilli();
            Optional<FundState> fund = states.at(effective);
            if (fund.isEmpty()) {
                continue;
            }
            PledgeReads.Totals totals = sums.at(effective);
            // a revision's kind (REVISION, CORRECTION); a pledge's own kind (MONEY, IN_KIND) is not the point's
            String kind = "PledgeRevised".equals(entry.type()) && entry.payload().hasNonNull("kind")
                    ? entry.payload().get("kind").asText() : null;
            String member = entry.payload().hasNonNull("member") ? entry.payload().get("member").asText() : null;
            boolean correction = entry.correctsFigureFrom() != null;
            points.add(new TimelinePoint(actsAt, entry.sequence(), entry.type(), kind, member, fund.get().status(),
                    Money.render(fund.get().terms().targetEur), Money.render(totals.pledgedEur()),
                    Money.render(totals.disbursedEur()), correction ? entry.correctsFigureFrom() : null,
                    correction ? Optional.ofNullable(entry.correctsFigureTo()) : null,
                    correction ? entry.recordedAt() : null));
        }
        return points;
    }

    /**
     * What {@link #state(String, PointInTime)} answers at asOf for any valid time: the version of highest agg_seq
     * among those effective by then, from one read of the fund's versions recorded by asOf.
     */
    private StatesOverValidTime statesOverValidTime(String fundId, Instant asOf) {
        List<StatesOverValidTime.Version> versions = jdbc.query("select agg_seq, effective_at, state from "
                + versions() + " where fund_id = ? and recorded_at <= ? order by effective_at, agg_seq",
                (rs, i) -> new StatesOverValidTime.Version(rs.getLong(1), rs.getLong(2), rs.getString(3)), fundId,
                asOf.toEpochMilli());
        return new StatesOverValidTime(versions);
    }

    /** A fund's versions by valid time; each point's state is parsed once, however many points share it. */
    private static final class StatesOverValidTime {

        record Version(long aggSeq, long effectiveAt, String state) {
        }

        /** Valid time → the version of highest agg_seq among those effective by then. */
        private final NavigableMap<Long, Version> newest = new TreeMap<>();
        private final Map<Long, FundState> parsed = new HashMap<>();

        StatesOverValidTime(List<Version> versions) {
            Version best = null;
            for (Version v : versions) {
                if (best == null || v.aggSeq() > best.aggSeq()) {
                    best = v;
                }
                // in valid-time order, so the last put for an instant covers every version effective by it
                newest.put(v.effectiveAt(), best);
            }
        }

        Optional<FundState> at(long effectiveMillis) {
            Map.Entry<Long, Version> version = newest.floorEntry(effectiveMillis);
            return version == null ? Optional.empty() : Optional.of(parsed.computeIfAbsent(version.getValue().aggSeq(),
                    seq -> FundState.fromJson(version.getValue().state())));
        }
    }

    /** The valid time an entry acts at: a CORRECTION's is the start of the figure it replaced. */
    private static String actsAt(FeedEntry entry) {
        return entry.correctsFigureFrom() != null ? entry.correctsFigureFrom() : entry.effectiveAt();
    }

}
