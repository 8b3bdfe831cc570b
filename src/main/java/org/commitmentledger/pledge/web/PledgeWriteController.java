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
import org.commitmentledger.pledge.api.PledgeCommands.DisbursePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.MakePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.RevisePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.WithdrawPledgeCommand;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.pledge.api.PledgeRecorded;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.pledge.query.PledgeDirectory;
import org.commitmentledger.security.api.Delegates;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.write.Recorded;
import org.commitmentledger.problem.UnknownResourceException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Pledges")
class PledgeWriteController {

    private static final TimeBasedEpochGenerator PLEDGE_IDS = Generators.timeBasedEpochGenerator();
    private static final String PLEDGE_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

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

    record PledgeBody(String fundId, String member, BigDecimal amount, String currency, BigDecimal eurRate,
                      Integer year, String note, String kind, String description, String effectiveAt) {
    }

    /** The longest description of what an in-kind pledge delivers. */
    static final int MAX_DESCRIPTION = 500;

    record RevisionBody(BigDecimal amount, String currency, BigDecimal eurRate, String reason, String kind,
                        String effectiveAt) {
    }

    record WithdrawalBody(String reason, String effectiveAt) {
    }

    record DisbursementBody(BigDecimal amount, String currency, BigDecimal eurRate, String reference,
                            String effectiveAt) {
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
    ResponseEntity<PledgeMadeAnswer> make(@RequestBody PledgeBody body) {
        Input input = Input.check();
        String fundId = input.fundId("fundId", body.fundId());
        String member = input.memberCode("member", body.member());
        BigDecimal amount = input.amount("amount", body.amount());
        String currency = input.currency("currency", body.currency());
        BigDecimal rate = currency == null ? null
                : input.attempt(() -> Money.rateFor("currency", currency, "eurRate", body.eurRate()));
        if (body.year() == null) {
            input.problem("year", "is required");
        } else if (body.year() < 1 || body.year() > 9999) {
            input.problem("year", "must be a four-digit year");
        }
        String note = input.text("note", body.note(), false);
        PledgeKind kind = kind(input, body);
        String description = kind == PledgeKind.IN_KIND ? description(input, body.description()) : null;
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
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

    /** MONEY when absent; a description only with IN_KIND, where it is required. */
    private static PledgeKind kind(Input input, PledgeBody body) {
        if (body.kind() == null) {
            if (body.description() != null) {
                input.problem("description", "is only for IN_KIND pledges");
            }
            return PledgeKind.MONEY;
        }
        PledgeKind kind;
        try {
            kind = PledgeKind.valueOf(body.kind());
        } catch (IllegalArgumentException e) {
            input.problem("kind", "must be MONEY or IN_KIND");
            return null;
        }
        if (kind == PledgeKind.MONEY && body.description() != null) {
            input.problem("description", "is only for IN_KIND pledges");
        }
        return kind;
    }

    private static String description(Input input, String value) {
        if (value == null || value.isBlank()) {
            input.problem("description", "is required for IN_KIND pledges: what is delivered");
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            input.problem("description", "is longer than " + MAX_DESCRIPTION + " characters");
            return null;
        }
        return input.text("description", value, true);
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
    ResponseEntity<PledgeRevisedAnswer> revise(@PathVariable String pledgeId, @RequestBody RevisionBody body) {
        Input input = Input.check();
        checkPledgeId(input, pledgeId);
        BigDecimal amount = input.amount("amount", body.amount());
        String currency = body.currency() == null ? null : input.currency("currency", body.currency());
        BigDecimal rate = null;
        if (currency != null) {
            rate = input.attempt(() -> Money.rateFor("currency", currency, "eurRate", body.eurRate()));
        } else if (body.eurRate() != null && body.currency() == null) {
            input.problem("eurRate", "may only be given together with currency");
        }
        String reason = input.text("reason", body.reason(), true);
        RevisionKind kind = null;
        if (body.kind() == null) {
            input.problem("kind", "is required: REVISION or CORRECTION");
        } else {
            try {
                kind = RevisionKind.valueOf(body.kind());
            } catch (IllegalArgumentException e) {
                input.problem("kind", "must be REVISION or CORRECTION");
            }
        }
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
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
    ResponseEntity<PledgeWithdrawnAnswer> withdraw(@PathVariable String pledgeId, @RequestBody WithdrawalBody body) {
        Input input = Input.check();
        checkPledgeId(input, pledgeId);
        String reason = input.text("reason", body.reason(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
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
    ResponseEntity<PledgeDisbursedAnswer> disburse(@PathVariable String pledgeId, @RequestBody DisbursementBody body) {
        Input input = Input.check();
        checkPledgeId(input, pledgeId);
        BigDecimal amount = input.amount("amount", body.amount());
        String currency = input.currency("currency", body.currency());
        BigDecimal rate = currency == null ? null
                : input.attempt(() -> Money.rateFor("currency", currency, "eurRate", body.eurRate()));
        String reference = input.text("reference", body.reference(), true);
        Instant effectiveAt = input.effectiveAt(body.effectiveAt(), clock);
        input.done();
        authorize(pledgeId);
        return send(new DisbursePledgeCommand(pledgeId, amount, currency, rate, reference, effectiveAt),
                recorded -> ResponseEntity.ok(new PledgeDisbursedAnswer(pledgeId, recorded.sequence(),
                        Instants.render(effectiveAt), Money.render(Money.toEur(amount, rate)))));
    }

    private static void checkPledgeId(Input input, String pledgeId) {
        if (!pledgeId.matches(PLEDGE_ID)) {
            input.problem("pledgeId", "is not a pledge id (a lowercase UUID)");
        }
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
