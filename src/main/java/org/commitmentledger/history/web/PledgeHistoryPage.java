package org.commitmentledger.history.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.eventlog.FeedEntry;

/** {@code GET /api/pledges/{pledgeId}/history}: one page of the pledge's events. */
record PledgeHistoryPage(
        @Schema(format = "date-time") String asOf,
        @Schema(format = "date-time", description = "the same instant as asOf: histories are read in record time")
        String effectiveAt,
        long lastSequence,
        String pledgeId,
        List<FeedEntry> events,
        @Schema(nullable = true, description = "the after value of the following page; null when none follows")
        Long next) {
}
