package org.commitmentledger.member.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.commitmentledger.member.api.MemberRecorded;
import org.commitmentledger.member.api.RegisterOrReviseMemberCommand;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.write.Recorded;
import org.commitmentledger.kernel.validation.Accepted;
import org.commitmentledger.kernel.validation.CostShare;
import org.commitmentledger.kernel.validation.EffectiveAt;
import org.commitmentledger.kernel.validation.MemberCode;
import org.commitmentledger.kernel.validation.Text;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Members")
class MemberWriteController {

    private final LedgerWrites writes;
    private final Clock clock;

    MemberWriteController(LedgerWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    /** Body of {@code PUT /api/members/{code}}. */
    record MemberBody(@Text String name, @CostShare BigDecimal costShare, @EffectiveAt String effectiveAt) {
    }

    @PutMapping("/api/members/{code}")
    @ApiResponse(responseCode = "200", description = "The member revised")
    @ApiResponse(responseCode = "201", description = "The member registered; Location names it")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "403", description = "Not SECRETARIAT")
    @ApiResponse(responseCode = "409", description = "effectiveAt goes backwards on the member's timeline")
    @ApiResponse(responseCode = "503", description = "Not committed in time, or refused: retry after Retry-After")
    @Operation(summary = "Register a member, or revise its name or cost-share key from effectiveAt on",
            description = "SECRETARIAT only. 201 on first registration, 200 on revision; 409 when effectiveAt goes "
                    + "backwards on the member's timeline.")
    ResponseEntity<MemberRecordedAnswer> put(@PathVariable @MemberCode String code,
                                             @Valid @RequestBody MemberBody body) {
        String name = body.name();
        BigDecimal share = Accepted.costShare(body.costShare());
        var effectiveAt = Accepted.effectiveAt(body.effectiveAt(), clock);

        return writes.send(new RegisterOrReviseMemberCommand(code, name, share, effectiveAt),
                MemberRecorded::code, MemberRecorded::aggregateSequence, (Recorded<MemberRecorded> recorded) -> {
                    MemberRecordedAnswer answer = new MemberRecordedAnswer(code, recorded.sequence(), name,
                            Money.plain(share), Instants.render(effectiveAt));
                    if (recorded.answer().registered()) {
                        return ResponseEntity.created(URI.create("/api/members/" + code)).body(answer);
                    }
                    return ResponseEntity.ok(answer);
                });
    }
}
