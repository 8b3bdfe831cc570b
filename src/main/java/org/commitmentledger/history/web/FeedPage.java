package org.commitmentledger.history.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.eventlog.FeedEntry;

/** {@code GET /api/events}: one page of the global feed as recorded by asOf. */
record FeedPage(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time", description = "the same instant as asOf: the feed is read in record time")
        String effectiveAt,
        long lastSequence,
        List<FeedEntry> events,
        @Schema(nullable = true, description = "the after value of the following page; null when no event follows")
        Long next) {
}
