package org.commitmentledger.fund.query;

import org.commitmentledger.fund.api.FundState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.commitmentledger.projection.ProjectionDatabase.at;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.FundStatus;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.eventlog.HistoryQueryFixtures;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.member.api.MemberQueryFixtures;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeQueryFixtures;
import org.commitmentledger.projection.ProjectionDatabase;
import org.commitmentledger.read.PointInTime;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fund projection's handlers called directly on the Flyway schema (with the member and pledge projections it
 * reads beside), read back through FundReads.
 */
class FundProjectionUnitTests {

    private static final String FUND = "fund-a";
    private static final String NOW = "2025-06-01T00:00:00Z";

    private final JdbcTemplate jdbc = ProjectionDatabase.create();
    private final ProjectionDatabase.Live projection = ProjectionDatabase.live(jdbc);
    private final FundReads reads = new FundReads(jdbc, PledgeQueryFixtures.reads(jdbc),
            MemberQueryFixtures.reads(jdbc), HistoryQueryFixtures.storedEvents(jdbc),
            ProjectionDatabase.tables(jdbc));
    private final Map<String, Long> sequences = new HashMap<>();

    @Test
    void proposedFundIsProposedOnTheTermsOfItsOpenFirstRound() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");

        FundDetail detail = detail(NOW, NOW);
        assertThat(detail).returns(FUND, FundDetail::fundId).returns("Fund A", FundDetail::name)
                .returns(FundStatus.PROPOSED, FundDetail::status).returns(1, FundDetail::round)
                .returns("1000.00", FundDetail::targetEur).returns("2025-01-01", FundDetail::periodStart)
                .returns("2026-12-31", FundDetail::periodEnd).returns(List.of(), FundDetail::optOuts)
                .returns("0.00", FundDetail::pledgedEur).returns("0.00", FundDetail::disbursedEur)
                .returns("1000.00", FundDetail::gapEur);
        assertThat(detail.openRound()).returns(1, FundRoundTerms::round).returns("1000.00", FundRoundTerms::targetEur)
                .returns("2024-06-01T00:00:00.000Z", FundRoundTerms::decisionDeadline)
                .returns(List.of(), FundRoundTerms::standingObjections);
    }

    @Test
    void objectionsStandUntilWithdrawnAndAreListedInCodeOrder() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        objected("AUT", 1, "2024-03-03", "2024-03-03T09:00:00Z");
        objected("DEU", 1, "2024-03-04", "2024-03-04T09:00:00Z");
        projection.on(new ObjectionWithdrawnEvent(FUND, 1, "DEU", "convinced", at("2024-03-05")), next(FUND),
                at("2024-03-05T09:00:00Z"));

        assertThat(detail(NOW, NOW).openRound()).returns(List.of("AUT", "HUN"), FundRoundTerms::standingObjections);
        assertThat(detail(NOW, "2024-03-04").openRound()).returns(List.of("AUT", "DEU", "HUN"),
                FundRoundTerms::standingObjections);
        List<FundRound.RoundObjection> objections = reads.rounds(state(NOW, NOW)).get(0).objections();
        assertThat(objections).extracting(FundRound.RoundObjection::member).containsExactly("HUN", "AUT", "DEU");
        assertThat(objections.get(2)).returns("2024-03-04T00:00:00.000Z", FundRound.RoundObjection::effectiveAt)
                .returns("2024-03-05T00:00:00.000Z", FundRound.RoundObjection::withdrawnAt);
        assertThat(objections.get(0)).returns("no", FundRound.RoundObjection::reason)
                .returns(null, FundRound.RoundObjection::withdrawnAt);
    }

    @Test
    void blockedRoundBlocksTheFundUntilAnAmendmentOpensANewRound() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        concluded(1, RoundOutcome.BLOCKED, "2024-06-01", "2024-06-01T09:00:00Z");
        amended(2, null, "1500", "2024-07-01", "2024-07-01T09:00:00Z");

        assertThat(detail(NOW, "2024-06-15")).returns(FundStatus.BLOCKED, FundDetail::status)
                .returns(null, FundDetail::openRound).returns(1, FundDetail::round);
        FundDetail amended = detail(NOW, NOW);
        assertThat(amended).returns(FundStatus.PROPOSED, FundDetail::status).returns(2, FundDetail::round)
                .returns("1500.00", FundDetail::targetEur);
        assertThat(amended.openRound()).returns(2, FundRoundTerms::round)
                .returns(List.of(), FundRoundTerms::standingObjections);
        assertThat(reads.rounds(state(NOW, NOW))).extracting(FundRound::outcome)
                .containsExactly(RoundOutcome.BLOCKED, RoundOutcome.OPEN);
    }

    @Test
    void adoptedTermsApplyUntilALaterRoundIsAdopted() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        concluded(1, RoundOutcome.ADOPTED, "2024-06-01", "2024-06-01T09:00:00Z");
        amended(2, null, "2000", "2024-07-01", "2024-07-01T09:00:00Z");

        FundDetail pending = detail(NOW, "2024-07-15");
        assertThat(pending).returns(FundStatus.ADOPTED, FundDetail::status).returns(1, FundDetail::round)
                .returns("1000.00", FundDetail::targetEur).returns("1000.00", FundDetail::gapEur);
        assertThat(pending.openRound()).returns(2, FundRoundTerms::round).returns("2000.00", FundRoundTerms::targetEur);

        concluded(2, RoundOutcome.ADOPTED, "2024-10-01", "2024-10-01T09:00:00Z");

        assertThat(detail(NOW, NOW)).returns(FundStatus.ADOPTED, FundDetail::status).returns(2, FundDetail::round)
                .returns("2000.00", FundDetail::targetEur).returns(null, FundDetail::openRound);
        assertThat(detail("2024-09-01", NOW)).returns(1, FundDetail::round);
    }

    @Test
    void amendmentSupersedesTheOpenRoundAndItsObjectionsStayWithIt() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        amended(2, 1, "900", "2024-04-01", "2024-04-01T09:00:00Z");

        assertThat(detail(NOW, NOW).openRound()).returns(2, FundRoundTerms::round)
                .returns(List.of(), FundRoundTerms::standingObjections);
        List<FundRound> rounds = reads.rounds(state(NOW, NOW));
        assertThat(rounds.get(0)).returns(RoundOutcome.SUPERSEDED, FundRound::outcome)
                .returns("1000.00", FundRound::targetEur);
        assertThat(rounds.get(0).objections()).extracting(FundRound.RoundObjection::member).containsExactly("HUN");
        assertThat(rounds.get(1)).returns(RoundOutcome.OPEN, FundRound::outcome)
                .returns("900.00", FundRound::targetEur);
        assertThat(rounds.get(1).objections()).isEmpty();
    }

    @Test
    void stateFollowsBothRecordTimeAndValidTime() {
        proposed("1000", "2024-03-01", "2024-03-10T09:00:00Z");
        concluded(1, RoundOutcome.ADOPTED, "2024-06-01", "2024-08-01T09:00:00Z");

        assertThat(reads.state(FUND, point(NOW, "2024-02-29T23:59:59.999Z"))).isEmpty();
        assertThat(reads.state(FUND, point("2024-03-10T08:59:59.999Z", "2024-03-05"))).isEmpty();
        assertThat(state("2024-03-10T09:00:00Z", "2024-03-05").status()).isEqualTo(FundStatus.PROPOSED);
        assertThat(state(NOW, "2024-05-31T23:59:59.999Z").status()).isEqualTo(FundStatus.PROPOSED);
        assertThat(state(NOW, "2024-06-01").status()).isEqualTo(FundStatus.ADOPTED);
        assertThat(state("2024-07-31", "2024-07-01").status()).isEqualTo(FundStatus.PROPOSED);
        projection.on(new FundProposedEvent("fund-b", "Fund B", 1, new BigDecimal("5.00"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"), at("2024-06-01"), at("2024-04-01")),
                next("fund-b"), at("2024-04-01T09:00:00Z"));
        assertThat(reads.all(point(NOW, NOW))).extracting(f -> f.fundId).containsExactly(FUND, "fund-b");
        assertThat(reads.all(point(NOW, "2024-03-15"))).extracting(f -> f.fundId).containsExactly(FUND);
    }

    @Test
    void fairSharesSpreadTheTargetOverParticipantsThatHaveNotOptedOut() {
        member("AUT", "20", "2000-01-01");
        member("DEU", "30", "2000-01-01");
        member("HUN", "50", "2000-01-01");
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        projection.on(new MemberOptedOutEvent(FUND, "HUN", "not for us", at("2024-03-02")), next(FUND),
                at("2024-03-02T09:00:00Z"));
        pledge("p-1", "AUT", "200", "2024-03-03");

        List<FairShareRow> rows = reads.fairShares(state(NOW, NOW), point(NOW, NOW));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).returns("AUT", FairShareRow::member).returns("20", FairShareRow::costShare)
                .returns("0.400000", FairShareRow::normalizedShare).returns("400.00", FairShareRow::fairShareEur)
                .returns("200.00", FairShareRow::pledgedEur).returns("0.5000", FairShareRow::ratio);
        assertThat(rows.get(1)).returns("DEU", FairShareRow::member).returns("0.600000", FairShareRow::normalizedShare)
                .returns("600.00", FairShareRow::fairShareEur).returns("0.00", FairShareRow::pledgedEur)
                .returns("0.0000", FairShareRow::ratio);
        assertThat(reads.fairShares(state(NOW, "2024-03-01"), point(NOW, "2024-03-01")))
                .extracting(FairShareRow::fairShareEur).containsExactly("200.00", "300.00", "500.00");
    }

    @Test
    void fairSharesRoundHalfEvenToTheCentAndSixDecimals() {
        member("AUT", "1", "2000-01-01");
        member("DEU", "7", "2000-01-01");
        member("HUN", "1", "2000-01-01");
        proposed("1.00", "2024-03-01", "2024-03-01T09:00:00Z");
        projection.on(new MemberOptedOutEvent(FUND, "HUN", "not for us", at("2024-03-02")), next(FUND),
                at("2024-03-02T09:00:00Z"));

        List<FairShareRow> rows = reads.fairShares(state(NOW, NOW), point(NOW, NOW));

        // 1 × 1/8 = 0.125 → 0.12 and 1 × 7/8 = 0.875 → 0.88 (HALF_EVEN)
        assertThat(rows).extracting(FairShareRow::fairShareEur).containsExactly("0.12", "0.88");
        assertThat(rows).extracting(FairShareRow::normalizedShare).containsExactly("0.125000", "0.875000");
        assertThat(reads.fairShares(state(NOW, "2024-03-01T12:00:00Z"), point(NOW, "2024-03-01T12:00:00Z")))
                .extracting(FairShareRow::normalizedShare).containsExactly("0.111111", "0.777778", "0.111111");
    }

    @Test
    void fairSharesUseTheCostShareKeyInForceAndRecordedThen() {
        member("AUT", "25", "2000-01-01");
        member("DEU", "75", "2000-01-01");
        MemberQueryFixtures.apply(jdbc, new MemberRevisedEvent("AUT", "AUT", new BigDecimal("50"),
                at("2024-05-01")), next("AUT"), at("2024-06-01T09:00:00Z"));
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");

        assertThat(fairShareOf("AUT", NOW, "2024-04-30")).isEqualTo("250.00");
        assertThat(fairShareOf("AUT", NOW, "2024-05-01")).isEqualTo("400.00");
        assertThat(fairShareOf("AUT", "2024-05-31", "2024-05-15")).isEqualTo("250.00");
    }

    @Test
    void positionShowsTheMembersPledgesObjectionAndOptOut() {
        member("AUT", "25", "2000-01-01");
        member("DEU", "75", "2000-01-01");
        member("HUN", "1", "2024-05-01");
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("DEU", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        projection.on(new MemberOptedOutEvent(FUND, "AUT", "not for us", at("2024-03-03")), next(FUND),
                at("2024-03-03T09:00:00Z"));
        pledge("p-1", "DEU", "300", "2024-03-01");
        pledge("p-2", "DEU", "200", "2024-03-04");
        PledgeQueryFixtures.apply(jdbc, new PledgeDisbursedEvent("p-1", FUND, "DEU", new BigDecimal("10"), "EUR",
                BigDecimal.ONE, new BigDecimal("10.00"), "ref", at("2024-03-05")), next("p-1"),
                at("2024-03-05T09:00:00Z"));

        // participants at NOW: DEU 75 and HUN 1 (registered from 1 May), AUT opted out: 1000 × 75/76
        FundPosition deu = reads.position(state(NOW, NOW), "DEU", point(NOW, NOW)).orElseThrow();
        assertThat(deu).returns("500.00", FundPosition::pledgedEur).returns("10.00", FundPosition::disbursedEur)
                .returns("986.84", FundPosition::fairShareEur).returns(true, FundPosition::objecting)
                .returns(false, FundPosition::optedOut);
        assertThat(deu.pledges()).hasSize(2);
        FundPosition aut = reads.position(state(NOW, NOW), "AUT", point(NOW, NOW)).orElseThrow();
        assertThat(aut).returns(null, FundPosition::fairShareEur).returns(true, FundPosition::optedOut)
                .returns(false, FundPosition::objecting).returns("0.00", FundPosition::pledgedEur);
        assertThat(reads.position(state(NOW, "2024-03-10"), "HUN", point(NOW, "2024-03-10"))).isEmpty();
        assertThat(reads.position(state(NOW, "2024-03-03"), "DEU", point(NOW, "2024-03-03")).orElseThrow())
                .returns("300.00", FundPosition::pledgedEur).returns("0.00", FundPosition::disbursedEur);
    }

    @Test
    void resetForgetsEveryFundVersion() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");

        projection.reset();

        assertThat(reads.state(FUND, point(NOW, NOW))).isEmpty();
    }

    private void proposed(String target, String effective, String recorded) {
        projection.on(new FundProposedEvent(FUND, "Fund A", 1, new BigDecimal(target), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2026-12-31"), at("2024-06-01"), at(effective)), next(FUND), at(recorded));
    }

    private void amended(int round, Integer superseded, String target, String effective, String recorded) {
        projection.on(new FundAmendedEvent(FUND, round, superseded, new BigDecimal(target),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2027-12-31"), at("2024-10-01"), "new terms",
                at(effective)), next(FUND), at(recorded));
    }

    private void objected(String member, int round, String effective, String recorded) {
        projection.on(new ObjectionRaisedEvent(FUND, round, member, "no", at(effective)), next(FUND), at(recorded));
    }

    private void concluded(int round, RoundOutcome outcome, String effective, String recorded) {
        projection.on(new DecisionRoundConcludedEvent(FUND, round, outcome, List.of(), at(effective)), next(FUND),
                at(recorded));
    }

    private void member(String code, String share, String effective) {
        MemberQueryFixtures.apply(jdbc, new MemberRegisteredEvent(code, code, new BigDecimal(share), at(effective)),
                next(code), at("2024-01-01T09:00:00Z"));
    }

    private void pledge(String pledgeId, String member, String amount, String effective) {
        BigDecimal value = new BigDecimal(amount);
        PledgeQueryFixtures.apply(jdbc, new PledgeMadeEvent(pledgeId, FUND, member, 2025, value, "EUR",
                BigDecimal.ONE, value.setScale(2), null, PledgeKind.MONEY, null, at(effective)), next(pledgeId), at(effective));
    }

    private String fairShareOf(String member, String asOf, String effectiveAt) {
        return reads.fairShares(state(asOf, effectiveAt), point(asOf, effectiveAt)).stream()
                .filter(r -> member.equals(r.member())).findFirst().orElseThrow().fairShareEur();
    }

    private long next(String aggregate) {
        return sequences.merge(aggregate, 1L, Long::sum) - 1;
    }

    private FundDetail detail(String asOf, String effectiveAt) {
        return reads.detail(state(asOf, effectiveAt), point(asOf, effectiveAt));
    }

    private FundState state(String asOf, String effectiveAt) {
        return reads.state(FUND, point(asOf, effectiveAt)).orElseThrow();
    }


    private static PointInTime point(String asOf, String effectiveAt) {
        return new PointInTime(at(asOf), at(effectiveAt));
    }
}
