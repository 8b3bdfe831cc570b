package org.commitmentledger.fund.query;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.fund.api.FundStatus;

/**
 * One step of the fund's timeline: an event and the fund's status and totals at the valid time it acts at. kind is
 * there for a pledge revision only, member when the event names one; a CORRECTION's point also carries the interval
 * it corrected and when it was recorded.
 */
public record TimelinePoint(
        @Schema(format = "date-time", example = "2024-05-01T00:00:00.000Z") String effectiveAt,
        long sequence,
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"REVISION", "CORRECTION"})
        String kind,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String member,
        FundStatus status,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String pledgedEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String disbursedEur,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, format = "date-time")
        String correctsFigureFrom,
        // a CORRECTION of an open-ended figure shows this key as null, other points omit it: null Optional is
        // absent, Optional.empty() is a JSON null
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, implementation = String.class, format = "date-time",
                nullable = true, description = "null when the corrected figure is open-ended")
        Optional<String> correctsFigureTo,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, format = "date-time")
        String recordedAt) {
}
