package org.commitmentledger.history.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.history.query.CorrectionIntervals;
import org.commitmentledger.history.query.FeedEntry;
import org.commitmentledger.history.query.StoredEvents;
import org.commitmentledger.support.Input;
import org.commitmentledger.support.Instants;
import org.commitmentledger.support.PointInTime;
import org.commitmentledger.support.UnknownResourceException;
import org.commitmentledger.audit.ChainStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The raw record: the global feed and the histories of funds and pledges, straight from the event store. */
@RestController
@Tag(name = "History")
class HistoryController {

    private final StoredEvents events;
    private final ChainStore hashed;
    private final CorrectionIntervals corrections;
    private final Clock clock;

    HistoryController(StoredEvents events, ChainStore hashed, CorrectionIntervals corrections, Clock clock) {
        this.events = events;
        this.corrections = corrections;
        this.hashed = hashed;
        this.clock = clock;
    }

    @GetMapping("/api/events")
    @ApiResponse(responseCode = "200", description = "One page of the feed")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "The global feed in record order, for auditors who replay it themselves",
            description = "after defaults to 0, limit to 100 (at most 1000). next is the after value of the "
                    + "following page, null when no event follows.")
    Map<String, Object> feed(@RequestParam(required = false) String after,
                             @RequestParam(required = false) String limit,
                             @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        long from = number(input, "after", after, 0, 0, Long.MAX_VALUE);
        long size = number(input, "limit", limit, 100, 1, 1000);
        Instant at = asOf(input, asOf);
        input.done();
        List<FeedEntry> page = corrections.placed(hashed.withHashes(events.page(from, (int) size, at)));
        Long next = null;
        if (!page.isEmpty()) {
            long last = page.get(page.size() - 1).sequence();
            next = events.anyAfter(last, at) ? last : null;
        }
        Map<String, Object> answer = header(at);
        answer.put("events", page);
        answer.put("next", next);
        return answer;
    }

    @GetMapping("/api/funds/{fundId}/history")
    @ApiResponse(responseCode = "200", description = "The fund's events")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund recorded by asOf",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "A fund's events, including its pledges' events, in record order")
    Map<String, Object> fundHistory(@PathVariable String fundId, @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        Instant at = asOf(input, asOf);
        input.done();
        List<FeedEntry> history = events.ofFund(fundId, at);
        if (history.isEmpty()) {
            throw new UnknownResourceException("no fund " + fundId + " was recorded by " + Instants.render(at));
        }
        Map<String, Object> answer = header(at);
        answer.put("fundId", fundId);
        answer.put("events", corrections.placed(hashed.withHashes(history)));
        return answer;
    }

    @GetMapping("/api/pledges/{pledgeId}/history")
    @ApiResponse(responseCode = "200", description = "The pledge's events")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such pledge recorded by asOf",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "A pledge's events in record order")
    Map<String, Object> pledgeHistory(@PathVariable String pledgeId, @RequestParam(required = false) String asOf) {
        Input input = Input.check();
        Instant at = asOf(input, asOf);
        input.done();
        List<FeedEntry> history = pledgeId.length() > 64 ? List.of() : events.ofAggregate(pledgeId, at);
        if (history.isEmpty() || !"PledgeMade".equals(history.get(0).type())) {
            throw new UnknownResourceException("no pledge " + pledgeId + " was recorded by " + Instants.render(at));
        }
        Map<String, Object> answer = header(at);
        answer.put("pledgeId", pledgeId);
        answer.put("events", corrections.placed(hashed.withHashes(history)));
        return answer;
    }

    private Map<String, Object> header(Instant asOf) {
        return new PointInTime(asOf, asOf).header(events.lastSequence(asOf));
    }

    private Instant asOf(Input input, String asOf) {
        if (asOf == null) {
            return Instants.checkRange(clock.instant());
        }
        return input.instant("asOf", asOf, true);
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
