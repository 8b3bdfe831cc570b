package org.commitmentledger.pledge.web;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.pledge.api.PledgeReads;
import org.commitmentledger.read.Absences;
import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ReadHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Pledges")
class PledgeReadController {

    private final PledgeReads pledges;
    private final ReadHeaders gate;
    private final Absences absences;
    private final Clock clock;

    PledgeReadController(PledgeReads pledges, ReadHeaders gate, Absences absences, Clock clock) {
        this.pledges = pledges;
        this.gate = gate;
        this.absences = absences;
        this.clock = clock;
    }

    @GetMapping("/api/pledges/{pledgeId}")
    @ApiResponse(responseCode = "200", description = "The pledge")
    @ApiResponse(responseCode = "400", description = "Invalid input: every field error in errors[]")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @ApiResponse(responseCode = "404", description = "No such pledge in force at that point in time")
    @ApiResponse(responseCode = "503", description = "Projections not built yet: retry after Retry-After")
    @Operation(summary = "A pledge at (asOf, effectiveAt): its figure then, EUR value, disbursed total and status")
    PledgeAnswer one(@PathVariable String pledgeId, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String effectiveAt) {
        PointInTime at = PointInTime.parse(asOf, effectiveAt, clock);
        PledgeReads.PledgeView pledge = (pledgeId.length() > 64 ? java.util.Optional.<PledgeReads.PledgeView>empty()
                : pledges.one(pledgeId, at)).orElseThrow(() -> absences.at(Absences.Kind.PLEDGE, pledgeId, at));
        return PledgeAnswer.of(at, gate.lastSequence(at), pledge.toJson());
    }
}
