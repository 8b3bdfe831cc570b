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
import java.util.Optional;
import java.util.TreeMap;

import org.commitmentledger.eventlog.CorrectionIntervals;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.eventlog.StoredEvents;
import org.commitmentledger.member.api.MemberReads;
import org.commitmentledger.pledge.api.PledgeReads;
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

    public Map<String, Object> summary(FundState fund, PledgeReads.Totals totals) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fundId", fund.fundId);
        view.put("name", fund.name);
        view.put("status", fund.status());
        view.put("targetEur", Money.render(fund.terms().targetEur));
        view.put("pledgedEur", Money.render(totals.pledgedEur()));
        view.put("disbursedEur", Money.render(totals.disbursedEur()));
        view.put("gapEur", Money.render(fund.terms().targetEur.subtract(totals.pledgedEur())));
        return view;
    }

    public List<Map<String, Object>> summaries(PointInTime at) {
        Map<String, PledgeReads.Totals> totals = pledges.totalsByFund(at);
        return all(at).stream().map(f -> summary(f, totals.getOrDefault(f.fundId, PledgeReads.Totals.NONE)))
                .toList();
    }

    public Map<String, Object> detail(FundState fund, PointInTime at) {
        PledgeReads.Totals totals = pledges.totals(fund.fundId, at);
        FundState.Round terms = fund.terms();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fundId", fund.fundId);
        view.put("name", fund.name);
        view.put("status", fund.status());
        view.put("round", terms.round);
        view.put("targetEur", Money.render(terms.targetEur));
        view.put("periodStart", terms.periodStart.toString());
        view.put("periodEnd", terms.periodEnd.toString());
        FundState.Round open = fund.open();
        if (open == null) {
            view.put("openRound", null);
        } else {
            view.put("openRound", roundTerms(open));
        }
        view.put("optOuts", List.copyOf(fund.optOuts));
        view.put("pledgedEur", Money.render(totals.pledgedEur()));
        view.put("disbursedEur", Money.render(totals.disbursedEur()));
        view.put("gapEur", Money.render(terms.targetEur.subtract(totals.pledgedEur())));
        view.put("pledgedEurByKind", rendered(pledges.pledgedByKind(fund.fundId, at)));
        return view;
    }

    /** {@code {"MONEY": "…", "IN_KIND": "…"}} as money strings. */
    private static Map<String, String> rendered(Map<String, BigDecimal> byKind) {
        Map<String, String> view = new LinkedHashMap<>();
        byKind.forEach((kind, eur) -> view.put(kind, Money.render(eur)));
        return view;
    }

    public List<Map<String, Object>> rounds(FundState fund) {
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (FundState.Round r : fund.rounds) {
            Map<String, Object> round = roundTerms(r);
            round.put("outcome", r.outcome);
            List<Map<String, Object>> objections = new ArrayList<>();
            for (FundState.Objection o : r.objections) {
                Map<String, Object> objection = new LinkedHashMap<>();
                objection.put("member", o.member);
                objection.put("reason", o.reason);
                objection.put("effectiveAt", Instants.render(o.effectiveAt));
                objection.put("withdrawnAt", Instants.render(o.withdrawnAt));
                objections.add(objection);
            }
            round.put("objections", objections);
            rounds.add(round);
        }
        return rounds;
    }

    /** A round's number, terms, deadline and standing objections, as the open round and the rounds list show them. */
    private static Map<String, Object> roundTerms(FundState.Round r) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("round", r.round);
        round.put("targetEur", Money.render(r.targetEur));
        round.put("periodStart", r.periodStart.toString());
        round.put("periodEnd", r.periodEnd.toString());
        round.put("decisionDeadline", Instants.render(r.decisionDeadline));
        round.put("standingObjections", r.standingObjections());
        return round;
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
    public List<Map<String, Object>> fairShares(FundState fund, PointInTime at) {
        List<MemberReads.MemberView> registered = members.all(at);
        List<MemberReads.MemberView> participants = registered.stream().filter(m -> !fund.optOuts.contains(m.code()))
                .toList();
        BigDecimal sum = shareSum(participants);
        Map<String, PledgeReads.Totals> pledged = new TreeMap<>(pledges.totalsByMember(fund.fundId, at));
        Map<String, Map<String, BigDecimal>> byKind = pledges.pledgedByMemberAndKind(fund.fundId, at);
        BigDecimal target = fund.terms().targetEur;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MemberReads.MemberView m : participants) {
            BigDecimal fair = fairShare(target, m.costShare(), sum);
            BigDecimal own = pledged.getOrDefault(m.code(), PledgeReads.Totals.NONE).pledgedEur();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("member", m.code());
            row.put("costShare", Money.plain(m.costShare()));
            row.put("normalizedShare", m.costShare().divide(sum, 6, RoundingMode.HALF_EVEN).toPlainString());
            row.put("fairShareEur", Money.render(fair));
            row.put("pledgedEur", Money.render(own));
            row.put("pledgedEurByKind", rendered(byKind.getOrDefault(m.code(), PledgeReads.byKind())));
            row.put("ratio", fair.signum() == 0 ? null
                    : own.divide(fair, 4, RoundingMode.HALF_EVEN).toPlainString());
            row.put("optedOut", false);
            rows.add(row);
            pledged.remove(m.code());
        }
        Map<String, BigDecimal> shares = new HashMap<>();
        registered.forEach(m -> shares.put(m.code(), m.costShare()));
        for (String code : pledged.keySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("member", code);
            row.put("costShare", shares.containsKey(code) ? Money.plain(shares.get(code)) : null);
            row.put("normalizedShare", null);
            row.put("fairShareEur", null);
            row.put("pledgedEur", Money.render(pledged.getOrDefault(code, PledgeReads.Totals.NONE).pledgedEur()));
            row.put("pledgedEurByKind", rendered(byKind.getOrDefault(code, PledgeReads.byKind())));
            row.put("ratio", null);
            row.put("optedOut", fund.optOuts.contains(code));
            rows.add(row);
        }
        return rows;
    }

    static BigDecimal fairShare(BigDecimal target, BigDecimal share, BigDecimal participantsSum) {
        return target.multiply(share).divide(participantsSum, 2, RoundingMode.HALF_EVEN);
    }

    /** A member's position in the fund; empty when the member is not registered at that point in time. */
    public Optional<Map<String, Object>> position(FundState fund, String code, PointInTime at) {
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
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fundId", fund.fundId);
        view.put("member", code);
        view.put("pledgedEur", Money.render(pledged));
        view.put("disbursedEur", Money.render(disbursed));
        view.put("fairShareEur", Money.render(fair));
        view.put("objecting", open != null && open.standingObjections().contains(code));
        view.put("optedOut", optedOut);
        view.put("pledges", own.stream().map(PledgeReads.PledgeView::toJson).toList());
        return Optional.of(view);
    }

    /**
     * The fund's decisions replayed step by step: one point per event of the fund or its pledges recorded by asOf, in
     * effective-time order, with the state at that event's effectiveAt. A CORRECTION acts on the valid time of the
     * figure it replaced, so its point is placed at that figure's start, with the totals there.
     */
    public List<Map<String, Object>> timeline(String fundId, Instant asOf) {
        List<FeedEntry> recorded = events.ofFund(fundId, asOf);
        Map<String, List<FeedEntry>> byAggregate = new HashMap<>();
        recorded.forEach(e -> byAggregate.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e));
        List<FeedEntry> history = new ArrayList<>();
        for (FeedEntry e : recorded) {
            history.add(e.isCorrection() ? CorrectionIntervals.place(e, byAggregate.get(e.aggregateId())) : e);
        }
        history.sort(Comparator.comparing(FundReads::actsAt).thenComparingLong(FeedEntry::sequence));
        List<Map<String, Object>> points = new ArrayList<>();
        for (FeedEntry entry : history) {
            String actsAt = actsAt(entry);
            PointInTime at = new PointInTime(asOf, Instants.parse(actsAt));
            Optional<FundState> fund = state(fundId, at);
            if (fund.isEmpty()) {
                continue;
            }
            PledgeReads.Totals totals = pledges.totals(fundId, at);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("effectiveAt", actsAt);
            point.put("sequence", entry.sequence());
            point.put("type", entry.type());
            // a revision's kind (REVISION, CORRECTION); a pledge's own kind (MONEY, IN_KIND) is not the point's
            if ("PledgeRevised".equals(entry.type()) && entry.payload().hasNonNull("kind")) {
                point.put("kind", entry.payload().get("kind").asText());
            }
            if (entry.payload().hasNonNull("member")) {
                point.put("member", entry.payload().get("member").asText());
            }
            point.put("status", fund.get().status());
            point.put("targetEur", Money.render(fund.get().terms().targetEur));
            point.put("pledgedEur", Money.render(totals.pledgedEur()));
            point.put("disbursedEur", Money.render(totals.disbursedEur()));
            if (entry.correctsFigureFrom() != null) {
                point.put("correctsFigureFrom", entry.correctsFigureFrom());
                point.put("correctsFigureTo", entry.correctsFigureTo());
                point.put("recordedAt", entry.recordedAt());
            }
            points.add(point);
        }
        return points;
    }

    /** The valid time an entry acts at: a CORRECTION's is the start of the figure it replaced. */
    private static String actsAt(FeedEntry entry) {
        return entry.correctsFigureFrom() != null ? entry.correctsFigureFrom() : entry.effectiveAt();
    }

}
