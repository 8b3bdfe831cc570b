package org.commitmentledger.fund.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.commitmentledger.fund.api.FundCommands.AmendFundCommand;
import org.commitmentledger.fund.api.FundCommands.ConcludeDecisionRoundCommand;
import org.commitmentledger.fund.api.FundCommands.DeclareOptOutCommand;
import org.commitmentledger.fund.api.FundCommands.ProposeFundCommand;
import org.commitmentledger.fund.api.FundCommands.RaiseObjectionCommand;
import org.commitmentledger.fund.api.FundCommands.WithdrawObjectionCommand;
import org.commitmentledger.fund.api.FundRecorded;
import org.commitmentledger.security.api.Delegates;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.write.Recorded;
import org.commitmentledger.problem.UnknownResourceException;
import org.commitmentledger.kernel.validation.Accepted;
import org.commitmentledger.kernel.validation.EffectiveAt;
import org.commitmentledger.kernel.validation.FundId;
import org.commitmentledger.kernel.validation.IsoDate;
import org.commitmentledger.kernel.validation.IsoInstant;
import org.commitmentledger.kernel.validation.MemberCode;
import org.commitmentledger.kernel.validation.MoneyAmount;
import org.commitmentledger.kernel.validation.OrderedPeriod;
import org.commitmentledger.kernel.validation.Text;
import org.commitmentledger.fund.web.FundWriteAnswers.DecisionWritten;
import org.commitmentledger.fund.web.FundWriteAnswers.FundWritten;
import org.commitmentledger.fund.web.FundWriteAnswers.MemberActionWritten;
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

    @OrderedPeriod
    record ProposalBody(@FundId String fundId, @Text String name, @MoneyAmount BigDecimal targetEur,
                        @IsoDate String periodStart, @IsoDate String periodEnd, @IsoInstant String decisionDeadline,
                        @EffectiveAt String effectiveAt) implements OrderedPeriod.Bounded {
    }

    @OrderedPeriod
    record AmendmentBody(@MoneyAmount BigDecimal targetEur, @IsoDate String periodStart, @IsoDate String periodEnd,
                         @IsoInstant String decisionDeadline, @Text String reason, @EffectiveAt String effectiveAt)
            implements OrderedPeriod.Bounded {
    }

    record MemberActionBody(@MemberCode String member, @Text String reason, @EffectiveAt String effectiveAt) {
    }

    record ReasonBody(@Text String reason, @EffectiveAt String effectiveAt) {
    }

    record DecisionBody(@EffectiveAt String effectiveAt) {
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
    ResponseEntity<FundWritten> propose(@Valid @RequestBody ProposalBody body) {
        String fundId = body.fundId();
        String name = body.name();
        BigDecimal target = cents(body.targetEur());
        Terms terms = terms(body.periodStart(), body.periodEnd(), body.decisionDeadline());
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
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
    ResponseEntity<FundWritten> amend(@PathVariable @FundId String fundId,
                                              @Valid @RequestBody AmendmentBody body) {
        BigDecimal target = cents(body.targetEur());
        Terms terms = terms(body.periodStart(), body.periodEnd(), body.decisionDeadline());
        String reason = body.reason();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
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
    ResponseEntity<MemberActionWritten> object(@PathVariable @FundId String fundId,
                                               @Valid @RequestBody MemberActionBody body) {
        String member = body.member();
        String reason = body.reason();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
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
    ResponseEntity<MemberActionWritten> withdrawObjection(@PathVariable @FundId String fundId,
                                                          @PathVariable @MemberCode String member,
                                                          @Valid @RequestBody ReasonBody body) {
        String reason = body.reason();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
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
    ResponseEntity<MemberActionWritten> optOut(@PathVariable @FundId String fundId,
                                               @Valid @RequestBody MemberActionBody body) {
        String member = body.member();
        String reason = body.reason();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
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
    ResponseEntity<DecisionWritten> decide(@PathVariable @FundId String fundId,
                                           @Valid @RequestBody(required = false) DecisionBody body) {
        Instant effectiveAt = Accepted.effectiveAt(body == null ? null : body.effectiveAt(), clock);
        return send(fundId, new ConcludeDecisionRoundCommand(fundId, effectiveAt), recorded ->
                ResponseEntity.ok(new DecisionWritten(fundId, recorded.sequence(), Instants.render(effectiveAt),
                        recorded.answer().round(), recorded.answer().outcome(),
                        recorded.answer().standingObjections())));
    }

    private <A> ResponseEntity<A> send(String fundId, Object command,
                                       Function<Recorded<FundRecorded>, ResponseEntity<A>> answer) {
        try {
            return writes.send(command, FundRecorded::fundId, FundRecorded::aggregateSequence, answer);
        } catch (IncompatibleAggregateException e) {
            // the id names a record of another kind (a pledge's UUID also matches the fundId pattern)
            throw new UnknownResourceException("no fund " + fundId + " was ever recorded");
        }
    }

    private static FundWritten answer(String fundId, Recorded<FundRecorded> recorded, Instant effectiveAt) {
        return new FundWritten(fundId, recorded.sequence(), Instants.render(effectiveAt));
    }

    private static MemberActionWritten answer(String fundId, Recorded<FundRecorded> recorded, Instant effectiveAt,
                                              String member) {
        return new MemberActionWritten(fundId, recorded.sequence(), Instants.render(effectiveAt), member);
    }

    private static BigDecimal cents(BigDecimal eur) {
        return eur == null ? null : org.commitmentledger.kernel.Money.cents(eur);
    }

    private record Terms(LocalDate start, LocalDate end, Instant deadline) {
    }

    private static Terms terms(String periodStart, String periodEnd, String decisionDeadline) {
        return new Terms(Accepted.date(periodStart), Accepted.date(periodEnd), Accepted.instant(decisionDeadline));
    }
}
