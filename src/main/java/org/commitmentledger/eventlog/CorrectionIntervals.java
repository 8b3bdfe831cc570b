package org.commitmentledger.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.commitmentledger.kernel.Instants;
import org.springframework.stereotype.Component;

/**
 * Where a CORRECTION acts: the valid-time interval of the figure it replaced, from {@code correctsFigureFrom} to the
 * next figure's start as the pledge's events recorded before the correction knew it (open-ended when none followed).
 * The same rule the projection applies (PledgeFold), read off the raw record so histories and the feed can show it.
 */
@Component
public class CorrectionIntervals {

    private final StoredEvents events;

    CorrectionIntervals(StoredEvents events) {
        this.events = events;
    }

    /**
     * The entries, each CORRECTION among them with its interval; the events of its pledge are read as needed, once per
     * pledge however many of its corrections the entries hold.
     */
    public List<FeedEntry> placed(List<FeedEntry> entries) {
        if (entries.stream().noneMatch(FeedEntry::isCorrection)) {
            return entries;
        }
        Map<String, Map<Long, FeedEntry>> pledges = new HashMap<>();
        List<FeedEntry> placed = new ArrayList<>(entries.size());
        for (FeedEntry e : entries) {
            if (e.isCorrection()) {
                FeedEntry own = pledges.computeIfAbsent(e.aggregateId(), id -> placedInOrder(
                        events.ofAggregate(id, Instants.MAX)).stream()
                        .collect(Collectors.toMap(FeedEntry::sequence, Function.identity()))).get(e.sequence());
                // the entry shown keeps what was attached to it (its hashes); only the interval comes from the pledge
                placed.add(own == null ? e : e.withCorrected(own.correctsFigureFrom(), own.correctsFigureTo()));
            } else {
                placed.add(e);
            }
        }
        return placed;
    }

    /**
     * The entries, in record order, each CORRECTION among them with its interval, in one pass: the figures a
     * correction can end at are those its pledge started in the entries before it, so the entries must hold every
     * earlier event of each corrected pledge (a fund's or a pledge's history recorded by some time does).
     */
    public static List<FeedEntry> placedInOrder(List<FeedEntry> entries) {
        Map<String, NavigableSet<Instant>> starts = new HashMap<>();
        List<FeedEntry> placed = new ArrayList<>(entries.size());
        for (FeedEntry e : entries) {
            if (e.isCorrection() && e.payload().hasNonNull("correctsFigureFrom")) {
                Instant from = Instant.parse(e.payload().get("correctsFigureFrom").asText());
                NavigableSet<Instant> earlier = starts.get(e.aggregateId());
                // the next figure's start strictly after the corrected one's, as known before the correction
                Instant to = earlier == null ? null : earlier.higher(from);
                placed.add(e.withCorrected(Instants.render(from), Instants.render(to)));
            } else {
                if (startsFigure(e)) {
                    starts.computeIfAbsent(e.aggregateId(), id -> new TreeSet<>())
                            .add(Instant.parse(e.effectiveAt()));
                }
                placed.add(e);
            }
        }
        return placed;
    }

    /** A pledge's own figure starts: the pledge itself and each REVISION; a CORRECTION replaces a figure. */
    public static boolean startsFigure(FeedEntry e) {
        return "PledgeMade".equals(e.type()) || "PledgeRevised".equals(e.type()) && !e.isCorrection();
    }
}
