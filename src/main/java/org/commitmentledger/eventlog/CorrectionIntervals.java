package org.commitmentledger.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The entries, each CORRECTION among them with its interval; the events of its pledge are read as needed. */
    public List<FeedEntry> placed(List<FeedEntry> entries) {
        if (entries.stream().noneMatch(FeedEntry::isCorrection)) {
            return entries;
        }
        Map<String, List<FeedEntry>> pledges = new HashMap<>();
        List<FeedEntry> placed = new ArrayList<>(entries.size());
        for (FeedEntry e : entries) {
            if (e.isCorrection()) {
                List<FeedEntry> own = pledges.computeIfAbsent(e.aggregateId(),
                        id -> events.ofAggregate(id, Instants.MAX));
                placed.add(place(e, own));
            } else {
                placed.add(e);
            }
        }
        return placed;
    }

    /** The CORRECTION {@code correction} with its interval, given its pledge's events in record order. */
    public static FeedEntry place(FeedEntry correction, List<FeedEntry> pledgeEvents) {
        if (!correction.isCorrection() || !correction.payload().hasNonNull("correctsFigureFrom")) {
            return correction;
        }
        Instant from = Instant.parse(correction.payload().get("correctsFigureFrom").asText());
        Instant to = null;
        for (FeedEntry e : pledgeEvents) {
            if (e.sequence() >= correction.sequence()) {
                break;
            }
            if (startsFigure(e)) {
                Instant start = Instant.parse(e.effectiveAt());
                if (start.isAfter(from) && (to == null || start.isBefore(to))) {
                    to = start;
                }
            }
        }
        return correction.withCorrected(Instants.render(from), Instants.render(to));
    }

    /** A pledge's own figure starts: the pledge itself and each REVISION; a CORRECTION replaces a figure. */
    public static boolean startsFigure(FeedEntry e) {
        return "PledgeMade".equals(e.type()) || "PledgeRevised".equals(e.type()) && !e.isCorrection();
    }
}
