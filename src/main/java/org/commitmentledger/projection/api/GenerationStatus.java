package org.commitmentledger.projection.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What serves reads, what is being built ({@code building} null when nothing is) and how far it is (ADR 0020); the
 * components are in the order GET /api/admin/projections shows them.
 */
public record GenerationStatus(LiveGeneration live, BuildProgress building, LastBuild lastBuild,
                               List<ProcessorProgress> processors) {

    /** The generation every read and write uses. */
    public record LiveGeneration(
            int generation,
            @Schema(description = "When it became live; null if never recorded", format = "date-time",
                    nullable = true)
            String since) {
    }

    /** The generation being built, by which node, and how far its load has come. */
    public record BuildProgress(
            int generation,
            String node,
            @Schema(allowableValues = {"LOADING", "INDEXING", "CATCHING_UP"})
            String phase,
            @Schema(format = "date-time")
            String startedAt,
            @Schema(description = "Global sequence loaded so far")
            long position,
            long head,
            @Schema(minimum = "0", maximum = "100")
            int progressPercent,
            @Schema(description = "Its node stopped beating: the next rebuild takes it over")
            boolean abandoned) {
    }

    /** The figures of the last build that ended; all null before the first. */
    public record LastBuild(
            @Schema(nullable = true)
            Long millis,
            @Schema(nullable = true)
            Long events,
            @Schema(nullable = true)
            Long eventsPerSecond,
            @Schema(description = "Why it failed; null when it succeeded", nullable = true)
            String error) {
    }

    /** The projections' event processor: where it stands against the event store's head. */
    public record ProcessorProgress(
            String name,
            ProcessorState state,
            int generation,
            long position,
            long head,
            @Schema(minimum = "0", maximum = "100")
            int progressPercent) {
    }

    public enum ProcessorState { LIVE, REBUILDING }
}
