package org.commitmentledger.member.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.member.api.MemberReads;
import org.commitmentledger.kernel.Input;
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
    Map<String, Object> all(@RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        Map<String, Object> answer = gate.header(at);
        answer.put("members", members.all(at).stream().map(MemberReadController::view).toList());
        return answer;
    }

    @GetMapping("/api/members/{code}")
    @ApiResponse(responseCode = "200", description = "The member")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "Not registered at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "One member at (asOf, effectiveAt); 404 if not registered then")
    Map<String, Object> one(@PathVariable String code, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        Input input = Input.check();
        input.memberCode("code", code);
        input.done();
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        MemberReads.MemberView member = members.one(code, at).orElseThrow(() ->
                absences.at(Absences.Kind.MEMBER, code, at));
        Map<String, Object> answer = gate.header(at);
        answer.putAll(view(member));
        return answer;
    }

    static Map<String, Object> view(MemberReads.MemberView member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", member.code());
        view.put("name", member.name());
        view.put("costShare", Money.plain(member.costShare()));
        return view;
    }
}
