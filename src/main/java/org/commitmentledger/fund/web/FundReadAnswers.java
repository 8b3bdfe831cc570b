package org.commitmentledger.fund.web;

import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.read.AnswerHeader;
import org.commitmentledger.pledge.api.PledgeFields;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.fund.api.FundStatus;
import org.commitmentledger.fund.query.ExplainTerm;
import org.commitmentledger.fund.query.FairShareRow;
import org.commitmentledger.fund.query.FundChangesFound;
import org.commitmentledger.fund.query.FundDetail;
import org.commitmentledger.fund.query.FundPledgeRow;
import org.commitmentledger.fund.query.FundPosition;
import org.commitmentledger.fund.query.FundRound;
import org.commitmentledger.fund.query.FundRoundTerms;
import org.commitmentledger.fund.query.FundSummary;
import org.commitmentledger.fund.query.TimelinePoint;

/**
 * The answers of the fund reads. Components are in the order the JSON shows them (Jackson writes a record's
 * components in declaration order): the read header first, then what the read is about.
 */
final class FundReadAnswers {

    private FundReadAnswers() {
    }

    record FundsAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            List<FundSummary> funds) {

        FundsAnswer(AnswerHeader h, List<FundSummary> funds) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), funds);
        }
    }

    record FundAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            String name,
            FundStatus status,
            @Schema(description = "the round whose terms are in force: the adopted one, else the newest") int round,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
            @Schema(format = "date", example = "2025-01-01") String periodStart,
            @Schema(format = "date", example = "2025-12-31") String periodEnd,
            @Schema(nullable = true, description = "the round open for objections; null when none is")
            FundRoundTerms openRound,
            List<String> optOuts,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String pledgedEur,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String disbursedEur,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String gapEur,
            @Schema(description = "pledgedEur split by pledge kind: MONEY and IN_KIND, money strings")
            Map<String, String> pledgedEurByKind) {

        FundAnswer(AnswerHeader h, FundDetail d) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), d.fundId(), d.name(), d.status(), d.round(),
                    d.targetEur(), d.periodStart(), d.periodEnd(), d.openRound(), d.optOuts(), d.pledgedEur(),
                    d.disbursedEur(), d.gapEur(), d.pledgedEurByKind());
        }
    }

    record FairSharesAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String targetEur,
            List<FairShareRow> rows) {

        FairSharesAnswer(AnswerHeader h, String fundId, String targetEur, List<FairShareRow> rows) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), fundId, targetEur, rows);
        }
    }

    record FundPositionAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            String member,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "9000000000.00") String pledgedEur,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "0.00") String disbursedEur,
            @Schema(type = "string", nullable = true, pattern = AnswerFormats.MONEY, example = "11000000000.00",
                    description = "null when the member opted out") String fairShareEur,
            boolean objecting,
            boolean optedOut,
            @Schema(description = "the member's pledges to the fund in force, each as GET /api/pledges/{pledgeId} "
                    + "shows it") List<PledgeFields> pledges) {

        FundPositionAnswer(AnswerHeader h, FundPosition p) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), p.fundId(), p.member(), p.pledgedEur(),
                    p.disbursedEur(), p.fairShareEur(), p.objecting(), p.optedOut(), p.pledges());
        }
    }

    record FundRoundsAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            List<FundRound> rounds) {

        FundRoundsAnswer(AnswerHeader h, String fundId, List<FundRound> rounds) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), fundId, rounds);
        }
    }

    record FundTimelineAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            List<TimelinePoint> points) {

        FundTimelineAnswer(AnswerHeader h, String fundId, List<TimelinePoint> points) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), fundId, points);
        }
    }

    record FundPledgesAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            List<FundPledgeRow> pledges) {

        FundPledgesAnswer(AnswerHeader h, String fundId, List<FundPledgeRow> pledges) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), fundId, pledges);
        }
    }

    record FundExplainAnswer(
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String asOf,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            String fundId,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String pledgedEur,
            @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "40000000000.00") String disbursedEur,
            List<ExplainTerm> terms) {

        FundExplainAnswer(AnswerHeader h, String fundId, FundDetail fund, List<ExplainTerm> terms) {
            this(h.asOf(), h.effectiveAt(), h.lastSequence(), fundId, fund.pledgedEur(), fund.disbursedEur(), terms);
        }
    }

    /** The changes read's header names the two record times compared instead of one asOf. */
    record FundChangesAnswer(
            String fundId,
            @Schema(format = "date-time", example = "2024-06-01T00:00:00.000Z") String from,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String to,
            @Schema(format = "date-time", example = "2024-07-10T00:00:00.000Z") String effectiveAt,
            long lastSequence,
            List<FundChangesFound.FundFieldChange> fund,
            List<FundChangesFound.FundPledgeChange> pledges,
            List<FundChangesFound.FundChangeEvent> events) {

        FundChangesAnswer(String fundId, String from, String to, String effectiveAt, long lastSequence,
                          FundChangesFound found) {
            this(fundId, from, to, effectiveAt, lastSequence, found.fund(), found.pledges(), found.events());
        }
    }
}
