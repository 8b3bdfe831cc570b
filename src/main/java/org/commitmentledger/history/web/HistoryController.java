package org.commitmentledger.history.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.eventlog.CorrectionIntervals;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.eventlog.StoredEvents;
import org.commitmentledger.read.Absences;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.audit.api.EventHashes;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The raw record: the global feed and the histories of funds and pledges, straight from the event store. */
@RestController
@Tag(name = "History")
class HistoryController {

    private final StoredEvents events;
    private final EventHashes hashed;
    private final Absences absences;
    private final CorrectionIntervals corrections;
    private final Clock clock;

    HistoryController(StoredEvents events, EventHashes hashed, Absences absences, CorrectionIntervals corrections,
                      Clock clock) {
        this.events = events;
        this.corrections = corrections;
        this.hashed = hashed;
        this.absences = absences;
        this.clock = clock;
    }

    @GetMapping("/api/events")
    @ApiResponse(responseCode = "200", description = "One page of the feed")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @Operation(summary = "The global feed in record order, for auditors who replay it themselves",
            description = "after defaults to 0, limit to 100 (at most 1000). next is the after value of the "
                    + "following page, null when no event follows.")
    FeedPage feed(@RequestParam(required = false) String after,
                  @RequestParam(required = false) String limit,
                  @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        Page page = page(input, after, limit);
        Instant at = asOf(input, asOf);
        input.done();
        List<FeedEntry> entries = corrections.placed(hashed.withHashes(events.page(page.after, page.limit, at)));
        Long next = null;
        if (!entries.isEmpty()) {
            long last = entries.get(entries.size() - 1).sequence();
            next = events.anyAfter(last, at) ? last : null;
        }
        String time = Instants.render(at);
        return new FeedPage(time, time, events.lastSequence(at), entries, next);
    }

    @GetMapping("/api/funds/{fundId}/history")
    @ApiResponse(responseCode = "200", description = "One page of the fund's events")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund recorded by asOf")
    @Operation(summary = "A fund's events, including its pledges' events, in record order, paged like the feed",
            description = "after defaults to 0, limit to 100 (at most 1000). next is the after value of the "
                    + "following page, null when none follows.")
    FundHistoryPage fundHistory(@PathVariable String fundId, @RequestParam(required = false) String after,
                                @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        Page page = page(input, after, limit);
        Instant at = asOf(input, asOf);
        input.done();
        if (!absences.recordedBy(Absences.Kind.FUND, fundId, at)) {
            throw absences.by(Absences.Kind.FUND, fundId, at);
        }
        Shown shown = shown(events.ofFund(fundId, at, page.after, page.limit + 1), page);
        String time = Instants.render(at);
        return new FundHistoryPage(time, time, events.lastSequence(at), fundId, shown.events(), shown.next());
    }

    @GetMapping("/api/pledges/{pledgeId}/history")
    @ApiResponse(responseCode = "200", description = "One page of the pledge's events")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such pledge recorded by asOf")
    @Operation(summary = "A pledge's events in record order, paged like the feed",
            description = "after defaults to 0, limit to 100 (at most 1000). next is the after value of the "
                    + "following page, null when none follows.")
    PledgeHistoryPage pledgeHistory(@PathVariable String pledgeId, @RequestParam(required = false) String after,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        Page page = page(input, after, limit);
        Instant at = asOf(input, asOf);
        input.done();
        if (!absences.recordedBy(Absences.Kind.PLEDGE, pledgeId, at)) {
            throw absences.by(Absences.Kind.PLEDGE, pledgeId, at);
        }
        Shown shown = shown(events.ofAggregate(pledgeId, at, page.after, page.limit + 1), page);
        String time = Instants.render(at);
        return new PledgeHistoryPage(time, time, events.lastSequence(at), pledgeId, shown.events(), shown.next());
    }

    /** The feed's paging: {@code after} a global sequence (default 0), {@code limit} 1 to 1000 (default 100). */
    private record Page(long after, int limit) {
    }

    private static Page page(Input input, String after, String limit) {
        return new Page(number(input, "after", after, 0, 0, Long.MAX_VALUE),
                (int) number(input, "limit", limit, 100, 1, 1000));
    }

    /** A page's entries as shown, and the {@code after} of the following page (null when none follows). */
    private record Shown(List<FeedEntry> events, Long next) {
    }

    /** {@code history} holds up to one event more than the page: if it is there, {@code next} points past the page. */
    private Shown shown(List<FeedEntry> history, Page page) {
        List<FeedEntry> shown = history.size() > page.limit ? history.subList(0, page.limit) : history;
        return new Shown(corrections.placed(hashed.withHashes(shown)),
                history.size() > page.limit ? shown.get(shown.size() - 1).sequence() : null);
    }

    private Instant asOf(Input input, String asOf) {
        return input.asOf(asOf, clock);
    }

    private static long number(Input input, String field, String value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                input.problem(field, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            input.problem(field, "must be a whole number");
            return fallback;
        }
    }
}
