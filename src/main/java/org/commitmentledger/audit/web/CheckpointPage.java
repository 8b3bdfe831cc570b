package org.commitmentledger.audit.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A page of checkpoints, smallest tree first. */
record CheckpointPage(
        List<SignedCheckpoint> checkpoints,
        @Schema(description = "The after value of the following page; null when none follows", nullable = true)
        Long next) {
}
