package org.commitmentledger.member.web;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.member.api.MemberReads;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.read.Absences;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ReadHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Members")
class MemberReadController {

    private final MemberReads members;
    private final ReadHeaders gate;
    private final Absences absences;
    private final Clock clock;

    MemberReadController(MemberReads members, ReadHeaders gate, Absences absences, Clock clock) {
        this.members = members;
        this.gate = gate;
        this.absences = absences;
        this.clock = clock;
    }

    @GetMapping("/api/members")
    @ApiResponse(responseCode = "200", description = "The members")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "Members registered by asOf, with their name and cost-share key at effectiveAt")
    MembersAnswer all(@RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        return new MembersAnswer(Instants.render(at.asOf()), Instants.render(at.effectiveAt()),
                gate.lastSequence(at), members.all(at).stream().map(MemberSummary::of).toList());
    }

    @GetMapping("/api/members/{code}")
    @ApiResponse(responseCode = "200", description = "The member")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "Not registered at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "One member at (asOf, effectiveAt); 404 if not registered then")
    MemberAnswer one(@PathVariable String code, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        Input input = Input.check();
        input.memberCode("code", code);
        input.done();
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        MemberReads.MemberView member = members.one(code, at).orElseThrow(() ->
                absences.at(Absences.Kind.MEMBER, code, at));
        return new MemberAnswer(Instants.render(at.asOf()), Instants.render(at.effectiveAt()),
                gate.lastSequence(at), member.code(), member.name(), Money.plain(member.costShare()));
    }
}
