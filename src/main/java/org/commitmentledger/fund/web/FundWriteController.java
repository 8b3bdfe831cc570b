package org.commitmentledger.fund.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.commitmentledger.fund.api.FundCommands.AmendFundCommand;
import org.commitmentledger.fund.api.FundCommands.ConcludeDecisionRoundCommand;
import org.commitmentledger.fund.api.FundCommands.DeclareOptOutCommand;
import org.commitmentledger.fund.api.FundCommands.ProposeFundCommand;
import org.commitmentledger.fund.api.FundCommands.RaiseObjectionCommand;
import org.commitmentledger.fund.api.FundCommands.WithdrawObjectionCommand;
import org.commitmentledger.fund.api.FundRecorded;
import org.commitmentledger.security.api.Delegates;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.write.Recorded;
import org.commitmentledger.problem.UnknownResourceException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Funds")
class FundWriteController {

    private final LedgerWrites writes;
    private final Delegates delegates;
    private final Clock clock;

    FundWriteController(LedgerWrites writes, Delegates delegates, Clock clock) {
        this.writes = writes;
        this.delegates = delegates;
        this.clock = clock;
    }

    record ProposalBody(String fundId, String name, BigDecimal targetEur, String periodStart, String periodEnd,
                        String decisionDeadline, String effectiveAt) {
    }

    record AmendmentBody(BigDecimal targetEur, String periodStart, String periodEnd, String decisionDeadline,
                         String reason, String effectiveAt) {
    }

    record MemberActionBody(String member, String reason, String effectiveAt) {
    }

    record ReasonBody(String reason, String effectiveAt) {
    }

    record DecisionBody(String effectiveAt) {
    }

    @PostMapping("/api/funds")
    @ApiResponse(responseCode = "201", description = "The fund proposed; Location names it")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Not SECRETARIAT")
    @ApiResponse(responseCode = "409", description = "fundId already used")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Propose a fund; opens decision round 1", description = "SECRETARIAT. 409 if fundId is used.")
    ResponseEntity<Map<String, Object>> propose(@RequestBody ProposalBody body) {
        Input input = Input.check();
        String fundId = input.fundId("fundId", body.fundId());
        String name = input.text("name", body.name(), true);
        BigDecimal target = cents(input.amount("targetEur", body.targetEur()));
        Terms terms = terms(input, body.periodStart(), body.periodEnd(), body.decisionDeadline());
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        try {
            return send(fundId, new ProposeFundCommand(fundId, name, target, terms.start, terms.end, terms.deadline,
                    effectiveAt), recorded -> ResponseEntity.created(URI.create("/api/funds/" + fundId))
                    .body(answer(fundId, recorded, effectiveAt)));
        } catch (UnknownResourceException e) {
            throw new LedgerRuleViolation("fundId " + fundId + " is already used by a pledge");
        }
    }

    @PostMapping("/api/funds/{fundId}/amendments")
    @ApiResponse(responseCode = "200", description = "The amendment recorded")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Not SECRETARIAT")
    @ApiResponse(responseCode = "404", description = "No such fund")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Amend the terms: supersedes the open round and opens a new one",
            description = "SECRETARIAT. Objections do not carry over; an adopted fund stays ADOPTED on its adopted "
                    + "terms until a later round is adopted.")
    ResponseEntity<Map<String, Object>> amend(@PathVariable String fundId, @RequestBody AmendmentBody body) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        BigDecimal target = cents(input.amount("targetEur", body.targetEur()));
        Terms terms = terms(input, body.periodStart(), body.periodEnd(), body.decisionDeadline());
        String reason = input.text("reason", body.reason(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        return send(fundId, new AmendFundCommand(fundId, target, terms.start, terms.end, terms.deadline, reason,
                effectiveAt), recorded -> ResponseEntity.ok(answer(fundId, recorded, effectiveAt)));
    }

    @PostMapping("/api/funds/{fundId}/objections")
    @ApiResponse(responseCode = "200", description = "The objection recorded")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of that member")
    @ApiResponse(responseCode = "404", description = "No such fund")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "A member breaks silence: a veto of the open round",
            description = "SECRETARIAT or the member's DELEGATE. 409 unless a round is open, its deadline has not "
                    + "passed, and the member is registered, not opted out and not already objecting.")
    ResponseEntity<Map<String, Object>> object(@PathVariable String fundId, @RequestBody MemberActionBody body) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        String member = input.memberCode("member", body.member());
        String reason = input.text("reason", body.reason(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        delegates.requireMayActFor(member);
        return send(fundId, new RaiseObjectionCommand(fundId, member, reason, effectiveAt),
                recorded -> ResponseEntity.ok(answer(fundId, recorded, effectiveAt, member)));
    }

    @PostMapping("/api/funds/{fundId}/objections/{member}/withdrawal")
    @ApiResponse(responseCode = "200", description = "The objection withdrawn")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of that member")
    @ApiResponse(responseCode = "404", description = "No such fund")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Withdraw a standing veto", description = "SECRETARIAT or the member's DELEGATE.")
    ResponseEntity<Map<String, Object>> withdrawObjection(@PathVariable String fundId, @PathVariable String member,
                                                          @RequestBody ReasonBody body) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        input.memberCode("member", member);
        String reason = input.text("reason", body.reason(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        delegates.requireMayActFor(member);
        return send(fundId, new WithdrawObjectionCommand(fundId, member, reason, effectiveAt),
                recorded -> ResponseEntity.ok(answer(fundId, recorded, effectiveAt, member)));
    }

    @PostMapping("/api/funds/{fundId}/opt-outs")
    @ApiResponse(responseCode = "200", description = "The opt-out recorded")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of that member")
    @ApiResponse(responseCode = "404", description = "No such fund")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "The member opts out: it neither takes part nor blocks",
            description = "SECRETARIAT or the member's DELEGATE. Its earlier pledges stay.")
    ResponseEntity<Map<String, Object>> optOut(@PathVariable String fundId, @RequestBody MemberActionBody body) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        String member = input.memberCode("member", body.member());
        String reason = input.text("reason", body.reason(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        delegates.requireMayActFor(member);
        return send(fundId, new DeclareOptOutCommand(fundId, member, reason, effectiveAt),
                recorded -> ResponseEntity.ok(answer(fundId, recorded, effectiveAt, member)));
    }

    @PostMapping("/api/funds/{fundId}/decisions")
    @ApiResponse(responseCode = "200", description = "The round concluded: round, outcome, standingObjections")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Not SECRETARIAT")
    @ApiResponse(responseCode = "404", description = "No such fund")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Conclude the open round under the silence procedure",
            description = "SECRETARIAT. ADOPTED if no objection stands, else BLOCKED; effectiveAt must be at or "
                    + "after the round's decision deadline.")
    ResponseEntity<Map<String, Object>> decide(@PathVariable String fundId,
                                               @RequestBody(required = false) DecisionBody body) {
        Input input = Input.check();
        input.fundId("fundId", fundId);
        Instant effectiveAt = input.effectiveAt(body == null ? null : body.effectiveAt(), clock);
        input.done();
        return send(fundId, new ConcludeDecisionRoundCommand(fundId, effectiveAt), recorded -> {
            Map<String, Object> answer = answer(fundId, recorded, effectiveAt);
            answer.put("round", recorded.answer().round());
            answer.put("outcome", recorded.answer().outcome());
            answer.put("standingObjections", recorded.answer().standingObjections());
            return ResponseEntity.ok(answer);
        });
    }

    private ResponseEntity<Map<String, Object>> send(String fundId, Object command,
                                                     Function<Recorded<FundRecorded>,
                                                             ResponseEntity<Map<String, Object>>> answer) {
        try {
            return writes.send(command, FundRecorded::fundId, FundRecorded::aggregateSequence, answer);
        } catch (IncompatibleAggregateException e) {
            // the id names a record of another kind (a pledge's UUID also matches the fundId pattern)
            throw new UnknownResourceException("no fund " + fundId + " was ever recorded");
        }
    }

    private static Map<String, Object> answer(String fundId, Recorded<FundRecorded> recorded, Instant effectiveAt) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fundId", fundId);
        answer.put("sequence", recorded.sequence());
        answer.put("effectiveAt", Instants.render(effectiveAt));
        return answer;
    }

    private static Map<String, Object> answer(String fundId, Recorded<FundRecorded> recorded, Instant effectiveAt,
                                              String member) {
        Map<String, Object> answer = answer(fundId, recorded, effectiveAt);
        answer.put("member", member);
        return answer;
    }

    private static BigDecimal cents(BigDecimal eur) {
        return eur == null ? null : org.commitmentledger.kernel.Money.cents(eur);
    }

    private record Terms(LocalDate start, LocalDate end, Instant deadline) {
    }

    private static Terms terms(Input input, String periodStart, String periodEnd, String decisionDeadline) {
        LocalDate start = input.date("periodStart", periodStart);
        LocalDate end = input.date("periodEnd", periodEnd);
        if (start != null && end != null && start.isAfter(end)) {
            input.problem("periodEnd", "must not be before periodStart");
        }
        Instant deadline = input.instant("decisionDeadline", decisionDeadline, true);
        return new Terms(start, end, deadline);
    }
}
