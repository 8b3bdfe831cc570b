package org.commitmentledger.fund.web;

import java.time.Clock;
import java.time.Instant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.read.AnswerHeader;
import org.commitmentledger.fund.query.FundChanges;
import org.commitmentledger.fund.query.FundChangesFound;
import org.commitmentledger.fund.query.FundPledges;
import org.commitmentledger.fund.query.FundPosition;
import org.commitmentledger.fund.query.FundReads;
import org.commitmentledger.fund.api.FundState;
import org.commitmentledger.fund.web.FundReadAnswers.FairSharesAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundChangesAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundExplainAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundPledgesAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundPositionAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundRoundsAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundTimelineAnswer;
import org.commitmentledger.fund.web.FundReadAnswers.FundsAnswer;
import org.commitmentledger.read.Absences;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ReadHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Funds")
class FundReadController {

    private final FundReads funds;
    private final FundPledges terms;
    private final FundChanges changes;
    private final ReadHeaders gate;
    private final Absences absences;
    private final Clock clock;

    FundReadController(FundReads funds, FundPledges terms, FundChanges changes, ReadHeaders gate, Absences absences,
                       Clock clock) {
        this.funds = funds;
        this.terms = terms;
        this.changes = changes;
        this.gate = gate;
        this.absences = absences;
        this.clock = clock;
    }

    @GetMapping("/api/funds")
    @ApiResponse(responseCode = "200", description = "The fund summaries")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "Fund summaries at (asOf, effectiveAt)")
    FundsAnswer all(@RequestParam(required = false) String asOf,
                    @RequestParam(required = false) String effectiveAt) {
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        return new FundsAnswer(header(at), funds.summaries(at));
    }

    @GetMapping("/api/funds/{fundId}")
    @ApiResponse(responseCode = "200", description = "The fund")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "A fund at (asOf, effectiveAt): status, terms, open round, opt-outs, pledged, disbursed, gap")
    FundAnswer one(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                   @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        return new FundAnswer(header(read.at), funds.detail(read.fund, read.at));
    }

    @GetMapping("/api/funds/{fundId}/fair-shares")
    @ApiResponse(responseCode = "200", description = "The fair shares")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "Each participant's fair share under its cost-share key, and its ratio pledged ÷ fair share")
    FairSharesAnswer fairShares(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                                @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        return new FairSharesAnswer(header(read.at), fundId, Money.render(read.fund.terms().targetEur),
                funds.fairShares(read.fund, read.at));
    }

    @GetMapping("/api/funds/{fundId}/members/{code}")
    @ApiResponse(responseCode = "200", description = "The member's position")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund, or member not registered, at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "A member's position in the fund: pledged, disbursed, fair share, objecting, opted out")
    FundPositionAnswer position(@PathVariable String fundId, @PathVariable String code,
                                @RequestParam(required = false) String asOf,
                                @RequestParam(required = false) String effectiveAt) {
        Input input = Input.check();
        input.memberCode("code", code);
        input.done();
        Read read = read(fundId, asOf, effectiveAt);
        FundPosition position = funds.position(read.fund, code, read.at).orElseThrow(() ->
                absences.at(Absences.Kind.MEMBER, code, read.at));
        return new FundPositionAnswer(header(read.at), position);
    }

    @GetMapping("/api/funds/{fundId}/rounds")
    @ApiResponse(responseCode = "200", description = "The rounds")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "The fund's decision rounds, with terms, outcome and objections")
    FundRoundsAnswer rounds(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        return new FundRoundsAnswer(header(read.at), fundId, funds.rounds(read.fund));
    }

    @GetMapping("/api/funds/{fundId}/timeline")
    @ApiResponse(responseCode = "200", description = "The timeline")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund recorded by asOf")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "The fund's decisions replayed step by step (takes asOf only)",
            description = "points: one per event of the fund or its pledges recorded by asOf, in effective-time order, "
                    + "with effectiveAt, sequence, type, status, targetEur, pledgedEur and disbursedEur at that "
                    + "event's effectiveAt (events at the same instant all count).")
    FundTimelineAnswer timeline(@PathVariable String fundId, @RequestParam(required = false) String asOf) {
        Read read = read(fundId, asOf, null);
        return new FundTimelineAnswer(header(read.at), fundId, funds.timeline(fundId, read.at.asOf()));
    }

    @GetMapping("/api/funds/{fundId}/pledges")
    @ApiResponse(responseCode = "200", description = "The fund's pledges")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "Every pledge of the fund in force at (asOf, effectiveAt), opted-out members' included",
            description = "member (optional) keeps one member's pledges. figureFrom is the valid time at which the "
                    + "figure in force took effect.")
    FundPledgesAnswer pledges(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                              @RequestParam(required = false) String effectiveAt,
                              @RequestParam(required = false) String member) {
        if (member != null) {
            Input input = Input.check();
            input.memberCode("member", member);
            input.done();
        }
        Read read = read(fundId, asOf, effectiveAt);
        return new FundPledgesAnswer(header(read.at), fundId, terms.terms(fundId, read.at).stream()
                .filter(t -> member == null || member.equals(t.pledge().member()))
                .map(FundPledges::pledgeRow).toList());
    }

    @GetMapping("/api/funds/{fundId}/explain")
    @ApiResponse(responseCode = "200", description = "The terms of the fund's totals")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such fund at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "The fund's pledgedEur and disbursedEur at (asOf, effectiveAt) as the list of their terms",
            description = "terms: one per pledge in force, with setBy, the event whose figure is in force, and "
                    + "setBy.proof, the path of its inclusion proof. The ACTIVE terms' eurAmount add up to "
                    + "pledgedEur; all terms' disbursedEur add up to disbursedEur.")
    FundExplainAnswer explain(@PathVariable String fundId, @RequestParam(required = false) String asOf,
                              @RequestParam(required = false) String effectiveAt) {
        Read read = read(fundId, asOf, effectiveAt);
        return new FundExplainAnswer(header(read.at), fundId, funds.detail(read.fund, read.at),
                terms.terms(fundId, read.at).stream().map(FundPledges::explainRow).toList());
    }

    @GetMapping("/api/funds/{fundId}/changes")
    @ApiResponse(responseCode = "200", description = "What changed between the two record times")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Not AUDITOR or ADMIN")
    @ApiResponse(responseCode = "404", description = "No such fund at either point")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "The fund's answer as recorded at from against the same at to, both at effectiveAt",
            description = "from < to <= now, both required; effectiveAt defaults to to. fund: the top-level fields "
                    + "that differ; pledges: the pledges whose figure, status or disbursed total differs; events: "
                    + "every event of the fund and its pledges recorded in (from, to], in record order.")
    FundChangesAnswer changes(@PathVariable String fundId, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to,
                              @RequestParam(required = false) String effectiveAt) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        Instant start = input.instant("from", from, true);
        Instant end = input.instant("to", to, true);
        Instant effective = effectiveAt == null ? end : input.instant("effectiveAt", effectiveAt, true);
        if (start != null && end != null && !start.isBefore(end)) {
            input.problem("from", "must be before to");
        }
        if (end != null && end.isAfter(clock.instant())) {
            input.problem("to", "may not lie in the future");
        }
        input.done();
        PointInTime later = new PointInTime(end, effective);
        FundChangesFound diff = changes.between(fundId, start, end, effective).orElseThrow(() ->
                absences.at(Absences.Kind.FUND, fundId, later));
        return new FundChangesAnswer(fundId, Instants.render(start), Instants.render(end), Instants.render(effective),
                header(later).lastSequence(), diff);
    }

    private record Read(PointInTime at, FundState fund) {
    }

    private AnswerHeader header(PointInTime at) {
        return gate.header(at);
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
