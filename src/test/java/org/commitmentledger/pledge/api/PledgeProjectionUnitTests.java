package org.commitmentledger.pledge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commitmentledger.projection.ProjectionDatabase.at;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.projection.ProjectionDatabase;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The pledge projection's handlers called directly on the Flyway schema, read back through PledgeReads. */
class PledgeProjectionUnitTests {

    private static final String FUND = "fund-a";
    private static final String NOW = "2025-06-01T00:00:00Z";

    private final JdbcTemplate jdbc = ProjectionDatabase.create();
    private final ProjectionDatabase.Live projection = ProjectionDatabase.live(jdbc);
    private final PledgeReads reads = new PledgeReads(jdbc, ProjectionDatabase.tables(jdbc));
    private final Map<String, Long> sequences = new HashMap<>();

    @Test
    void correctionReadsAsKnownNowButNotAsOfBeforeItWasRecorded() {
        made("p-1", "DEU", "1700000000", "2024-04-25", "2024-04-25T09:00:00Z");
        corrected("p-1", "3800000000", "2024-04-25", "2024-12-01T10:00:00Z", "2024-12-01T10:00:00Z");

        assertThat(eur("p-1", NOW, "2024-07-10")).isEqualTo("3800000000.00");
        assertThat(eur("p-1", "2024-11-30", "2024-07-10")).isEqualTo("1700000000.00");
        assertThat(eur("p-1", "2024-12-01T09:59:59.999Z", "2024-07-10")).isEqualTo("1700000000.00");
        assertThat(eur("p-1", "2024-12-01T10:00:00Z", "2024-07-10")).isEqualTo("3800000000.00");
        assertThat(eur("p-1", NOW, "2024-04-25")).isEqualTo("3800000000.00");
        assertThat(eur("p-1", NOW, "2025-05-01")).isEqualTo("3800000000.00");
    }

    @Test
    void revisionRecordedBeforeACorrectionKeepsItsOwnAmountFromItsEffectiveAtOn() {
        made("p-1", "DEU", "1700000000", "2024-04-25", "2024-04-25T09:00:00Z");
        revised("p-1", "2000000000", "2024-09-01", "2024-09-01T09:00:00Z");
        // effectiveAt 10 Jul: the figure in force then is the original one, which took effect on 25 Apr
        corrected("p-1", "3800000000", "2024-04-25", "2024-07-10", "2024-12-01T10:00:00Z");

        assertThat(eur("p-1", NOW, "2024-07-10")).isEqualTo("3800000000.00");
        assertThat(eur("p-1", NOW, "2024-08-31T23:59:59.999Z")).isEqualTo("3800000000.00");
        assertThat(eur("p-1", NOW, "2024-09-01")).isEqualTo("2000000000.00");
        assertThat(eur("p-1", NOW, "2025-05-01")).isEqualTo("2000000000.00");
        assertThat(eur("p-1", "2024-11-30", "2024-07-10")).isEqualTo("1700000000.00");
        assertThat(eur("p-1", "2024-11-30", "2024-10-01")).isEqualTo("2000000000.00");
        assertThat(eur("p-1", "2024-08-01", "2024-10-01")).isEqualTo("1700000000.00");
    }

    @Test
    void correctionOfTheLatestFigureReplacesItFromItsOwnStartOnly() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        revised("p-1", "200", "2024-03-01", "2024-03-01T09:00:00Z");
        corrected("p-1", "250", "2024-03-01", "2024-04-01", "2024-04-01T09:00:00Z");

        assertThat(eur("p-1", NOW, "2024-02-01")).isEqualTo("100.00");
        assertThat(eur("p-1", NOW, "2024-03-01")).isEqualTo("250.00");
        assertThat(eur("p-1", NOW, "2025-01-01")).isEqualTo("250.00");
        assertThat(eur("p-1", "2024-03-15", "2025-01-01")).isEqualTo("200.00");
    }

    @Test
    void correctionOfAMiddleFigureEndsWhereTheNextFigureBegins() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        revised("p-1", "200", "2024-03-01", "2024-03-01T09:00:00Z");
        revised("p-1", "300", "2024-05-01", "2024-05-01T09:00:00Z");
        corrected("p-1", "222", "2024-03-01", "2024-03-20", "2024-06-01T09:00:00Z");

        assertThat(eur("p-1", NOW, "2024-02-29T23:59:59.999Z")).isEqualTo("100.00");
        assertThat(eur("p-1", NOW, "2024-03-01")).isEqualTo("222.00");
        assertThat(eur("p-1", NOW, "2024-04-30T23:59:59.999Z")).isEqualTo("222.00");
        assertThat(eur("p-1", NOW, "2024-05-01")).isEqualTo("300.00");
        assertThat(eur("p-1", "2024-05-31", "2024-04-01")).isEqualTo("200.00");
    }

    @Test
    void pledgeDoesNotExistBeforeItTookEffectOrBeforeItWasRecorded() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-02-01T09:00:00Z");

        assertThat(reads.one("p-1", point(NOW, "2023-12-31T23:59:59.999Z"))).isEmpty();
        assertThat(reads.one("p-1", point("2024-02-01T08:59:59.999Z", "2024-01-15"))).isEmpty();
        assertThat(reads.one("p-1", point("2024-02-01T09:00:00Z", "2024-01-01"))).isPresent();
        assertThat(reads.one("p-2", point(NOW, NOW))).isEmpty();
    }

    @Test
    void withdrawalTakesThePledgeOutOfThePledgedTotalFromItsEffectiveAt() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        made("p-2", "FRA", "40", "2024-01-02", "2024-01-02T09:00:00Z");
        withdrawn("p-1", "2024-03-01", "2024-04-01T09:00:00Z");

        assertThat(status("p-1", NOW, "2024-02-29")).isEqualTo("ACTIVE");
        assertThat(status("p-1", NOW, "2024-03-01")).isEqualTo("WITHDRAWN");
        assertThat(status("p-1", "2024-03-31", "2024-03-15")).isEqualTo("ACTIVE");
        assertThat(reads.totals(FUND, point(NOW, "2024-02-29")).pledgedEur()).isEqualByComparingTo("140");
        assertThat(reads.totals(FUND, point(NOW, "2024-03-01")).pledgedEur()).isEqualByComparingTo("40");
        assertThat(reads.totals(FUND, point("2024-03-31", "2024-03-15")).pledgedEur()).isEqualByComparingTo("140");
        assertThat(reads.one("p-1", point(NOW, "2024-03-01")).orElseThrow().eurAmount())
                .isEqualByComparingTo("100");
    }

    @Test
    void disbursementsAddUpFromTheirEffectiveAtAndSurviveLaterFigures() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        disbursed("p-1", "30", "2024-02-01", "2024-02-01T09:00:00Z");
        disbursed("p-1", "20", "2024-03-01", "2024-03-01T09:00:00Z");
        revised("p-1", "80", "2024-04-01", "2024-04-01T09:00:00Z");
        corrected("p-1", "90", "2024-01-01", "2024-02-15", "2024-05-01T09:00:00Z");

        assertThat(disbursed("p-1", NOW, "2024-01-31")).isEqualTo("0.00");
        assertThat(disbursed("p-1", NOW, "2024-02-01")).isEqualTo("30.00");
        assertThat(disbursed("p-1", NOW, "2024-03-01")).isEqualTo("50.00");
        assertThat(disbursed("p-1", NOW, "2025-01-01")).isEqualTo("50.00");
        assertThat(disbursed("p-1", "2024-02-15", "2024-12-01")).isEqualTo("30.00");
        assertThat(eur("p-1", NOW, "2024-02-15")).isEqualTo("90.00");
        assertThat(eur("p-1", NOW, "2024-04-01")).isEqualTo("80.00");
        assertThat(reads.totals(FUND, point(NOW, "2024-03-15")).disbursedEur()).isEqualByComparingTo("50");
    }

    @Test
    void nonEuroPledgeKeepsItsAmountCurrencyRateAndEurValue() {
        PledgeMadeEvent event = new PledgeMadeEvent("p-1", FUND, "USA", 2025, new BigDecimal("1000000"), "USD",
                new BigDecimal("0.9123"), Money.toEur(new BigDecimal("1000000"), new BigDecimal("0.9123")), "note", PledgeKind.MONEY, null,
                at("2024-01-01"));
        projection.on(event, next("p-1"), at("2024-01-01T09:00:00Z"));

        // as a client reads it: the record written by Jackson, key by key
        Map<String, Object> json = new ObjectMapper().convertValue(reads.one("p-1", point(NOW, NOW)).orElseThrow()
                .toJson(), new TypeReference<Map<String, Object>>() { });
        assertThat(json).containsEntry("pledgeId", "p-1").containsEntry("fundId", FUND).containsEntry("member", "USA")
                .containsEntry("year", 2025).containsEntry("amount", "1000000.00").containsEntry("currency", "USD")
                .containsEntry("eurRate", "0.9123").containsEntry("eurAmount", "912300.00")
                .containsEntry("disbursedEur", "0.00").containsEntry("status", "ACTIVE");
    }

    @Test
    void totalsAreGroupedByMemberAndByFund() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        made("p-2", "DEU", "50", "2024-02-01", "2024-02-01T09:00:00Z");
        made("p-3", "FRA", "7", "2024-01-01", "2024-01-01T09:00:00Z");
        projection.on(new PledgeMadeEvent("p-4", "fund-b", "FRA", 2024, new BigDecimal("5"), "EUR", BigDecimal.ONE,
                new BigDecimal("5.00"), null, PledgeKind.MONEY, null, at("2024-01-01")), next("p-4"), at("2024-01-01T09:00:00Z"));

        Map<String, PledgeReads.Totals> byMember = reads.totalsByMember(FUND, point(NOW, "2024-01-15"));
        assertThat(byMember.get("DEU").pledgedEur()).isEqualByComparingTo("100");
        assertThat(byMember.get("FRA").pledgedEur()).isEqualByComparingTo("7");
        assertThat(reads.totalsByMember(FUND, point(NOW, NOW)).get("DEU").pledgedEur()).isEqualByComparingTo("150");
        Map<String, PledgeReads.Totals> byFund = reads.totalsByFund(point(NOW, NOW));
        assertThat(byFund.get(FUND).pledgedEur()).isEqualByComparingTo("157");
        assertThat(byFund.get("fund-b").pledgedEur()).isEqualByComparingTo("5");
        assertThat(reads.ofFundAndMember(FUND, "DEU", point(NOW, NOW))).extracting(PledgeReads.PledgeView::pledgeId)
                .containsExactlyInAnyOrder("p-1", "p-2");
        PledgeReads.Totals none = reads.totals("fund-c", point(NOW, NOW));
        assertThat(none.pledgedEur()).isEqualByComparingTo("0");
        assertThat(none.disbursedEur()).isEqualByComparingTo("0");
    }

    @Test
    void resetForgetsEveryVersionAndFigure() {
        made("p-1", "DEU", "100", "2024-01-01", "2024-01-01T09:00:00Z");
        revised("p-1", "200", "2024-03-01", "2024-03-01T09:00:00Z");

        projection.reset();

        assertThat(reads.one("p-1", point(NOW, NOW))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from pledge_figure_g1", Integer.class)).isZero();
    }

    private void made(String pledgeId, String member, String amount, String effective, String recorded) {
        BigDecimal value = new BigDecimal(amount);
        projection.on(new PledgeMadeEvent(pledgeId, FUND, member, 2024, value, "EUR", BigDecimal.ONE,
                Money.cents(value), null, PledgeKind.MONEY, null, at(effective)), next(pledgeId), at(recorded));
    }

    private void revised(String pledgeId, String amount, String effective, String recorded) {
        BigDecimal value = new BigDecimal(amount);
        projection.on(new PledgeRevisedEvent(pledgeId, FUND, "DEU", RevisionKind.REVISION, value, "EUR",
                BigDecimal.ONE, Money.cents(value), "revised", null, at(effective)), next(pledgeId), at(recorded));
    }

    private void corrected(String pledgeId, String amount, String correctsFrom, String effective, String recorded) {
        BigDecimal value = new BigDecimal(amount);
        projection.on(new PledgeRevisedEvent(pledgeId, FUND, "DEU", RevisionKind.CORRECTION, value, "EUR",
                BigDecimal.ONE, Money.cents(value), "corrected", at(correctsFrom), at(effective)), next(pledgeId),
                at(recorded));
    }

    private void withdrawn(String pledgeId, String effective, String recorded) {
        next(pledgeId);
        projection.on(new PledgeWithdrawnEvent(pledgeId, FUND, "DEU", "withdrawn", at(effective)), at(recorded));
    }

    private void disbursed(String pledgeId, String amount, String effective, String recorded) {
        next(pledgeId);
        BigDecimal value = new BigDecimal(amount);
        projection.on(new PledgeDisbursedEvent(pledgeId, FUND, "DEU", value, "EUR", BigDecimal.ONE,
                Money.cents(value), "ref", at(effective)), at(recorded));
    }

    private long next(String pledgeId) {
        return sequences.merge(pledgeId, 1L, Long::sum) - 1;
    }

    private String eur(String pledgeId, String asOf, String effectiveAt) {
        return view(pledgeId, asOf, effectiveAt).map(p -> Money.render(p.eurAmount())).orElse("none");
    }

    private String status(String pledgeId, String asOf, String effectiveAt) {
        return view(pledgeId, asOf, effectiveAt).map(PledgeReads.PledgeView::status).orElse("none");
    }

    private String disbursed(String pledgeId, String asOf, String effectiveAt) {
        return view(pledgeId, asOf, effectiveAt).map(p -> Money.render(p.disbursedEur())).orElse("none");
    }

    private Optional<PledgeReads.PledgeView> view(String pledgeId, String asOf, String effectiveAt) {
        return reads.one(pledgeId, point(asOf, effectiveAt));
    }

    private static PointInTime point(String asOf, String effectiveAt) {
        return new PointInTime(at(asOf), at(effectiveAt));
    }
}
