package org.commitmentledger.fund.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.commitmentledger.audit.api.EventHashes;
import org.commitmentledger.eventlog.CorrectionIntervals;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.eventlog.StoredEvents;
import org.commitmentledger.pledge.api.PledgeReads;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.springframework.stereotype.Component;

/**
 * The pledges of a fund at (asOf, effectiveAt) with what their figures rest on: the projection gives each pledge's
 * state, the raw record (the events recorded by asOf) gives the event that set the figure in force, the valid time
 * that figure took effect and the pledge's note. The event is read from the record rather than stored in the
 * projection so that an auditor's "which event is this total made of" is answered by the hashed events themselves.
 */
@Component
public class FundPledges {

    private final PledgeReads pledges;
    private final StoredEvents events;
    private final EventHashes chain;

    FundPledges(PledgeReads pledges, StoredEvents events, EventHashes chain) {
        this.pledges = pledges;
        this.events = events;
        this.chain = chain;
    }

    /** One pledge in force, the valid time its figure took effect, the event that set that figure, its note. */
    public record Term(PledgeReads.PledgeView pledge, String kind, Instant figureFrom, FeedEntry setBy, String note) {
    }

    /** Every pledge of the fund in force at that point, withdrawn ones and opted-out members' included. */
    public List<Term> terms(String fundId, PointInTime at) {
        List<PledgeReads.PledgeView> inForce = pledges.ofFund(fundId, at);
        if (inForce.isEmpty()) {
            return List.of();
        }
        Map<String, List<FeedEntry>> figures = new HashMap<>();
        for (FeedEntry entry : events.ofFund(fundId, at.asOf())) {
            if ("PledgeMade".equals(entry.type()) || "PledgeRevised".equals(entry.type())) {
                figures.computeIfAbsent(entry.aggregateId(), id -> new ArrayList<>()).add(entry);
            }
        }
        List<Term> terms = new ArrayList<>();
        List<FeedEntry> setters = new ArrayList<>();
        for (PledgeReads.PledgeView pledge : inForce) {
            List<FeedEntry> own = figures.getOrDefault(pledge.pledgeId(), List.of());
            Instant from = figureFrom(own, at.effectiveAt());
            FeedEntry setBy = setBy(own, from);
            String note = own.isEmpty() || !own.get(0).payload().hasNonNull("note") ? null
                    : own.get(0).payload().get("note").asText();
            terms.add(new Term(pledge, PledgeReads.kind(pledge), from, setBy, note));
            if (setBy != null) {
                setters.add(setBy);
            }
        }
        Map<Long, String> hashes = new HashMap<>();
        chain.withHashes(setters).forEach(e -> hashes.put(e.sequence(), e.hash()));
        return terms.stream().map(t -> t.setBy == null ? t : new Term(t.pledge, t.kind, t.figureFrom,
                t.setBy.withHash(hashes.get(t.setBy.sequence())), t.note)).toList();
    }

    /**
     * Where the figure in force at {@code effectiveAt} took effect: the newest start (the pledge, or a REVISION) at or
     * before it. A pledge's own timeline never goes backwards, so starts come in record order; a CORRECTION starts no
     * figure, it replaces one.
     */
    static Instant figureFrom(List<FeedEntry> figureEvents, Instant effectiveAt) {
        Instant from = null;
        for (FeedEntry e : figureEvents) {
            if (startsFigure(e)) {
                Instant start = Instant.parse(e.effectiveAt());
                if (!start.isAfter(effectiveAt) && (from == null || !start.isBefore(from))) {
                    from = start;
                }
            }
        }
        return from;
    }

    /** The newest event in record order that set the figure starting at {@code from}: its start or a correction. */
    static FeedEntry setBy(List<FeedEntry> figureEvents, Instant from) {
        if (from == null) {
            return null;
        }
        FeedEntry last = null;
        for (FeedEntry e : figureEvents) {
            boolean sets = startsFigure(e) ? Instant.parse(e.effectiveAt()).equals(from)
                    : e.payload().hasNonNull("correctsFigureFrom")
                    && Instant.parse(e.payload().get("correctsFigureFrom").asText()).equals(from);
            if (sets) {
                last = e;
            }
        }
        return last;
    }

    private static boolean startsFigure(FeedEntry e) {
        return CorrectionIntervals.startsFigure(e);
    }

    /** A term as the fund's pledges list shows it. */
    public static Map<String, Object> pledgeRow(Term t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pledgeId", t.pledge.pledgeId());
        row.put("member", t.pledge.member());
        row.put("year", t.pledge.year());
        row.put("kind", t.kind);
        row.put("amount", Money.render(t.pledge.amount()));
        row.put("currency", t.pledge.currency());
        row.put("eurRate", Money.plain(t.pledge.eurRate()));
        row.put("eurAmount", Money.render(t.pledge.eurAmount()));
        row.put("disbursedEur", Money.render(t.pledge.disbursedEur()));
        row.put("status", t.pledge.status());
        row.put("figureFrom", Instants.render(t.figureFrom));
        row.put("note", t.note);
        return row;
    }

    /** A term as the fund's explanation shows it: the figures and the event that set the one in force. */
    public static Map<String, Object> explainRow(Term t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pledgeId", t.pledge.pledgeId());
        row.put("member", t.pledge.member());
        row.put("year", t.pledge.year());
        row.put("kind", t.kind);
        row.put("eurAmount", Money.render(t.pledge.eurAmount()));
        row.put("disbursedEur", Money.render(t.pledge.disbursedEur()));
        row.put("status", t.pledge.status());
        Map<String, Object> setBy = null;
        if (t.setBy != null) {
            setBy = new LinkedHashMap<>();
            setBy.put("sequence", t.setBy.sequence());
            setBy.put("type", t.setBy.type());
            setBy.put("recordedAt", t.setBy.recordedAt());
            setBy.put("effectiveAt", t.setBy.effectiveAt());
            setBy.put("hash", t.setBy.hash());
            setBy.put("proof", "/api/audit/proof/inclusion?sequence=" + t.setBy.sequence());
        }
        row.put("setBy", setBy);
        return row;
    }
}
