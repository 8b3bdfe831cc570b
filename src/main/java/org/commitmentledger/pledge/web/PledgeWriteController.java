package org.commitmentledger.pledge.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.commitmentledger.pledge.api.PledgeCommands.DisbursePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.MakePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.RevisePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.WithdrawPledgeCommand;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.pledge.api.PledgeRecorded;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.pledge.query.PledgeDirectory;
import org.commitmentledger.security.api.Delegates;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.write.Recorded;
import org.commitmentledger.problem.UnknownResourceException;
import org.commitmentledger.kernel.validation.Accepted;
import org.commitmentledger.kernel.validation.CurrencyCode;
import org.commitmentledger.kernel.validation.DescribedKind;
import org.commitmentledger.kernel.validation.EffectiveAt;
import org.commitmentledger.kernel.validation.EurRate;
import org.commitmentledger.kernel.validation.FundId;
import org.commitmentledger.kernel.validation.MemberCode;
import org.commitmentledger.kernel.validation.MoneyAmount;
import org.commitmentledger.kernel.validation.OneOf;
import org.commitmentledger.kernel.validation.PledgeId;
import org.commitmentledger.kernel.validation.Text;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Pledges")
class PledgeWriteController {

    private static final TimeBasedEpochGenerator PLEDGE_IDS = Generators.timeBasedEpochGenerator();

    private final LedgerWrites writes;
    private final Delegates delegates;
    private final PledgeDirectory directory;
    private final Clock clock;

    PledgeWriteController(LedgerWrites writes, Delegates delegates, PledgeDirectory directory, Clock clock) {
        this.writes = writes;
        this.delegates = delegates;
        this.directory = directory;
        this.clock = clock;
    }

    /** The longest description of what an in-kind pledge delivers. */
    static final int MAX_DESCRIPTION = 500;

    /** kind is MONEY when absent; a description only with IN_KIND, where it is required. */
    @EurRate
    @DescribedKind(kinds = PledgeKind.class, kind = "IN_KIND", max = MAX_DESCRIPTION,
            whenMissing = "is required for IN_KIND pledges: what is delivered",
            whenOther = "is only for IN_KIND pledges")
    record PledgeBody(@FundId String fundId, @MemberCode String member, @MoneyAmount BigDecimal amount,
                      @CurrencyCode String currency, BigDecimal eurRate,
                      @NotNull(message = "is required") @Min(value = 1, message = "must be a four-digit year")
                      @Max(value = 9999, message = "must be a four-digit year") Integer year,
                      @Text(required = false) String note, @OneOf(PledgeKind.class) String kind, String description,
                      @EffectiveAt String effectiveAt) implements EurRate.Priced, DescribedKind.Described {
    }

    /** Without currency the amount keeps the pledge's currency and rate. */
    @EurRate(currencyOptional = true)
    record RevisionBody(@MoneyAmount BigDecimal amount, @CurrencyCode(required = false) String currency,
                        BigDecimal eurRate, @Text String reason,
                        @OneOf(value = RevisionKind.class, required = true) String kind,
                        @EffectiveAt String effectiveAt) implements EurRate.Priced {
    }

    record WithdrawalBody(@Text String reason, @EffectiveAt String effectiveAt) {
    }

    @EurRate
    record DisbursementBody(@MoneyAmount BigDecimal amount, @CurrencyCode String currency, BigDecimal eurRate,
                            @Text String reference, @EffectiveAt String effectiveAt) implements EurRate.Priced {
    }

    @PostMapping("/api/pledges")
    @ApiResponse(responseCode = "201", description = "The pledge recorded; Location names it")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of that member")
    @ApiResponse(responseCode = "409", description = "The fund, the member or the year forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Record a commitment",
            description = "SECRETARIAT or the member's DELEGATE. 409 unless the fund exists and is not BLOCKED, the "
                    + "member is registered and not opted out, and year lies in the period of the fund's terms, all "
                    + "at effectiveAt. kind is MONEY (default) or IN_KIND; an IN_KIND pledge needs a description of "
                    + "what is delivered (at most 500 characters).")
    ResponseEntity<PledgeMadeAnswer> make(@Valid @RequestBody PledgeBody body) {
        String fundId = body.fundId();
        String member = body.member();
        BigDecimal amount = Accepted.amount(body.amount());
        String currency = body.currency();
        BigDecimal rate = Accepted.rate(body);
        String note = Accepted.text(body.note());
        PledgeKind kind = body.kind() == null ? PledgeKind.MONEY : PledgeKind.valueOf(body.kind());
        String description = body.description();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
        delegates.requireMayActFor(member);
        // time-ordered: new pledges land at the end of every index on pledge_id instead of on a random page
        String pledgeId = PLEDGE_IDS.generate().toString();
        return writes.send(new MakePledgeCommand(pledgeId, fundId, member, amount, currency, rate, body.year(), note,
                kind, description, effectiveAt), (String id) -> id, id -> 0L, recorded -> {
                    PledgeMadeAnswer answer = new PledgeMadeAnswer(pledgeId, recorded.sequence(),
                            Instants.render(effectiveAt), fundId, member, kind,
                            Money.render(Money.toEur(amount, rate)));
                    return ResponseEntity.created(URI.create("/api/pledges/" + pledgeId)).body(answer);
                });
    }

    @PostMapping("/api/pledges/{pledgeId}/revisions")
    @ApiResponse(responseCode = "200", description = "The revision or correction recorded")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of the pledge's member")
    @ApiResponse(responseCode = "404", description = "No such pledge")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Revise (a new decision from effectiveAt) or correct (the figure in force was wrong)",
            description = "SECRETARIAT or the member's DELEGATE. A CORRECTION replaces the figure in force at its "
                    + "effectiveAt (by default the latest) over that figure's whole valid-time interval; its "
                    + "effectiveAt is not checked against the timeline. 409 if withdrawn or below the disbursed total.")
    ResponseEntity<PledgeRevisedAnswer> revise(@PathVariable @PledgeId String pledgeId,
                                               @Valid @RequestBody RevisionBody body) {
        BigDecimal amount = Accepted.amount(body.amount());
        String currency = body.currency();
        BigDecimal rate = Accepted.rate(body);
        String reason = body.reason();
        RevisionKind kind = RevisionKind.valueOf(body.kind());
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
        authorize(pledgeId);
        RevisionKind revisionKind = kind;
        return send(new RevisePledgeCommand(pledgeId, kind, amount, currency, rate, reason, effectiveAt),
                recorded -> ResponseEntity.ok(new PledgeRevisedAnswer(pledgeId, recorded.sequence(),
                        Instants.render(effectiveAt), revisionKind)));
    }

    @PostMapping("/api/pledges/{pledgeId}/withdrawal")
    @ApiResponse(responseCode = "200", description = "The pledge withdrawn")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of the pledge's member")
    @ApiResponse(responseCode = "404", description = "No such pledge")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Withdraw the commitment", description = "SECRETARIAT or the member's DELEGATE. 409 if "
            + "already withdrawn or anything was disbursed.")
    ResponseEntity<PledgeWithdrawnAnswer> withdraw(@PathVariable @PledgeId String pledgeId,
                                                   @Valid @RequestBody WithdrawalBody body) {
        String reason = body.reason();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
        authorize(pledgeId);
        return send(new WithdrawPledgeCommand(pledgeId, reason, effectiveAt),
                recorded -> ResponseEntity.ok(new PledgeWithdrawnAnswer(pledgeId, recorded.sequence(),
                        Instants.render(effectiveAt))));
    }

    @PostMapping("/api/pledges/{pledgeId}/disbursements")
    @ApiResponse(responseCode = "200", description = "The disbursement recorded")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Neither SECRETARIAT nor the delegate of the pledge's member")
    @ApiResponse(responseCode = "404", description = "No such pledge")
    @ApiResponse(responseCode = "409", description = "The ledger's state forbids it")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Record money or goods delivered against the pledge",
            description = "SECRETARIAT or the member's DELEGATE. 409 if withdrawn or the disbursed total would "
                    + "exceed the pledged EUR value.")
    ResponseEntity<PledgeDisbursedAnswer> disburse(@PathVariable @PledgeId String pledgeId,
                                                   @Valid @RequestBody DisbursementBody body) {
        BigDecimal amount = Accepted.amount(body.amount());
        String currency = body.currency();
        BigDecimal rate = Accepted.rate(body);
        String reference = body.reference();
        Instant effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);
        authorize(pledgeId);
        return send(new DisbursePledgeCommand(pledgeId, amount, currency, rate, reference, effectiveAt),
                recorded -> ResponseEntity.ok(new PledgeDisbursedAnswer(pledgeId, recorded.sequence(),
                        Instants.render(effectiveAt), Money.render(Money.toEur(amount, rate)))));
    }

    /** 403 for a delegate of another member, then 404 for an unknown pledge, in the contract's order. */
    private void authorize(String pledgeId) {
        var pledge = directory.find(pledgeId)
                .orElseThrow(() -> new UnknownResourceException("no pledge " + pledgeId + " was ever recorded"));
        delegates.requireMayActFor(pledge.member());
    }

    private <T> ResponseEntity<T> send(Object command,
            Function<Recorded<PledgeRecorded>, ResponseEntity<T>> answer) {
        return writes.send(command, PledgeRecorded::pledgeId, PledgeRecorded::aggregateSequence, answer);
    }
}
