package org.commitmentledger.projection.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.projection.ProjectionAdmin;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.write.WriteAnswers;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Admin")
@PreAuthorize("hasRole('ADMIN')")
class ProjectionAdminController {

    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @PostMapping("/api/admin/projections/rebuild")
    @ApiResponse(responseCode = "202", description = "A rebuild started; the answer is the status with rebuilding true")
    @ApiResponse(responseCode = "409", description = "A rebuild is running on some node")
    @Operation(summary = "Rebuild every projection from the event store into a new generation",
            description = "ADMIN only. Answers 202 at once; reads keep being served from the live generation until "
                    + "the new one has caught up and every node switches to it; follow it with "
                    + "GET /api/admin/projections. 409 while a rebuild runs on any node.")
    ResponseEntity<ProjectionGenerations> rebuild() {
        WriteAnswers.refuseReusedKey();
        if (!admin.rebuild()) {
            throw new LedgerRuleViolation("a rebuild is already running");
        }
        return ResponseEntity.accepted().body(ProjectionGenerations.of(true, admin.status()));
    }

    @GetMapping("/api/admin/projections")
    @Operation(summary = "The live generation, the one being built and its progress, the last build's figures")
    ProjectionGenerations status() {
        return ProjectionGenerations.of(admin.isRebuilding(), admin.status());
    }
}
