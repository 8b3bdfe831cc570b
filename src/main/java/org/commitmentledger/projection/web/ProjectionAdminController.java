package org.commitmentledger.projection.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.projection.ProjectionAdmin;
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
    @Operation(summary = "Drop and rebuild every projection from the event store",
            description = "ADMIN only. Answers 202 at once; reads answer 503 with Retry-After until the rebuild has "
                    + "caught up; follow it with GET /api/admin/projections. 409 while a rebuild runs.")
    ResponseEntity<Map<String, Object>> rebuild() {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!admin.rebuild()) {
            throw new org.commitmentledger.support.LedgerRuleViolation("a rebuild is already running");
        }
        answer.put("rebuilding", true);
        answer.put("processors", admin.status());
        return ResponseEntity.accepted().body(answer);
    }

    @GetMapping("/api/admin/projections")
    @Operation(summary = "Each streaming processor: state LIVE or REBUILDING, position, store head, progress")
    Map<String, Object> status() {
        return Map.of("processors", admin.status());
    }
}
