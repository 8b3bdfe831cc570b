package org.commitmentledger.demo.web;

import java.util.Arrays;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Demo")
class DemoController {

    private final boolean demo;

    DemoController(Environment environment) {
        this.demo = Arrays.asList(environment.getActiveProfiles()).contains("demo");
    }

    @GetMapping("/api/demo")
    @ApiResponse(responseCode = "200", description = "Whether this instance serves demo data")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    @Operation(summary = "Whether this instance runs the demo profile, with its seeded fund and seeding actor")
    DemoAnswer demo() {
        return demo ? new DemoAnswer(true, "ukraine-fund", "demo-seed") : new DemoAnswer(false, null, null);
    }
}
