package org.commitmentledger.demo.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/demo}: whether this instance serves the demo, and then its seeded fund and seeding actor. */
record DemoAnswer(
        boolean demo,
        @Schema(nullable = true, description = "the seeded fund; null without the demo profile",
                example = "ukraine-fund") String fundId,
        @Schema(nullable = true, description = "who recorded the seeded events; null without the demo profile",
                example = "demo-seed") String actor) {
}
