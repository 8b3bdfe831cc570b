package org.commitmentledger.projection.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.projection.api.GenerationStatus;

/** The projection admin's status, led by whether a rebuild runs on some node. */
record ProjectionGenerations(
        @Schema(description = "A rebuild runs on some node")
        boolean rebuilding,
        GenerationStatus.LiveGeneration live,
        @Schema(description = "The generation being built; null when none", nullable = true)
        GenerationStatus.BuildProgress building,
        GenerationStatus.LastBuild lastBuild,
        List<GenerationStatus.ProcessorProgress> processors) {

    static ProjectionGenerations of(boolean rebuilding, GenerationStatus status) {
        return new ProjectionGenerations(rebuilding, status.live(), status.building(), status.lastBuild(),
                status.processors());
    }
}
