package org.commitmentledger.fund.web;

import java.time.Clock;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.fund.query.FundReads;
import org.commitmentledger.fund.query.FundState;
import org.commitmentledger.support.Absences;
import org.commitmentledger.support.Input;
import org.commitmentledger.support.PointInTime;
import org.commitmentledger.support.ReadHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Funds")
class FundReadController {

    private final FundReads funds;
    private final ReadHeaders gate;
    private final Absences absences;
    private final Clock clock;

    FundReadController(FundReads funds, ReadHeaders gate, Absences absences, Clock clock) {
        this.funds = funds;
        this.gate = gate;
        this.absences = absences;
        this.clock = clock;
    }

    @GetMapping("/api/funds")
    @ApiResponse(responseCode = "200", description = "The fund summaries")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "Fund summaries at (asOf, effectiveAt)")
    Map<String, Object> all(@RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        Map<String, Object> answer = gate.header(at);
        answer.put("funds", funds.summaries(at));
        return answer;
    }

    @GetMapping("/api/funds/{fundId}")
    @ApiResponse(responseCode = "200", description = "The fund")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "A fund at (asOf, effectiveAt): status, terms, open round, opt-outs, pledged, disbursed, gap")
    Map<String, Object> one(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        Map<String, Object> answer = gate.header(read.at);
        answer.putAll(funds.detail(read.fund, read.at));
        return answer;
    }

    @GetMapping("/api/funds/{fundId}/fair-shares")
    @ApiResponse(responseCode = "200", description = "The fair shares")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "Each participant's fair share under its cost-share key, and its ratio pledged ÷ fair share")
    Map<String, Object> fairShares(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                                   @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        Map<String, Object> answer = gate.header(read.at);
        answer.put("fundId", fundId);
        answer.put("targetEur", org.commitmentledger.support.Money.render(read.fund.terms().targetEur));
        answer.put("rows", funds.fairShares(read.fund, read.at));
        return answer;
    }

    @GetMapping("/api/funds/{fundId}/members/{code}")
    @ApiResponse(responseCode = "200", description = "The member's position")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund, or member not registered, at that point in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "A member's position in the fund: pledged, disbursed, fair share, objecting, opted out")
    Map<String, Object> position(@PathVariable String fundId, @PathVariable String code,
                                 @RequestParam(required = false) String asOf,
                                 @RequestParam(required = false) String effectiveAt) {
        Input input = Input.check();
        input.memberCode("code", code);
        input.done();
        Read read = read(fundId, asOf, effectiveAt);
        Map<String, Object> position = funds.position(read.fund, code, read.at).orElseThrow(() ->
                absences.at(Absences.Kind.MEMBER, code, read.at));
        Map<String, Object> answer = gate.header(read.at);
        answer.putAll(position);
        return answer;
    }

    @GetMapping("/api/funds/{fundId}/rounds")
    @ApiResponse(responseCode = "200", description = "The rounds")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "The fund's decision rounds, with terms, outcome and objections")
    Map<String, Object> rounds(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        Map<String, Object> answer = gate.header(read.at);
        answer.put("fundId", fundId);
        answer.put("rounds", funds.rounds(read.fund));
        return answer;
    }

    @GetMapping("/api/funds/{fundId}/timeline")
    @ApiResponse(responseCode = "200", description = "The timeline")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "401", description = "Not authenticated",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "404", description = "No such fund recorded by asOf",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @Operation(summary = "The fund's decisions replayed step by step (takes asOf only)",
            description = "points: one per event of the fund or its pledges recorded by asOf, in effective-time order, "
                    + "with effectiveAt, sequence, type, status, targetEur, pledgedEur and disbursedEur at that "
                    + "event's effectiveAt (events at the same instant all count).")
    Map<String, Object> timeline(@PathVariable String fundId, @RequestParam(required = false) String asOf) {
        Read read = read(fundId, asOf, null);
        Map<String, Object> answer = gate.header(read.at);
        answer.put("fundId", fundId);
        answer.put("points", funds.timeline(fundId, read.at.asOf()));
        return answer;
    }

    private record Read(PointInTime at, FundState fund) {
    }

    private Read read(String fundId, String asOf, String effectiveAt) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        input.done();
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        FundState fund = funds.state(fundId, at).orElseThrow(() -> absences.at(Absences.Kind.FUND, fundId, at));
        return new Read(at, fund);
    }
}
