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

        Map<String, Object> detail = detail(NOW, NOW);
        assertThat(detail).containsEntry("fundId", FUND).containsEntry("name", "Fund A")
                .containsEntry("status", FundStatus.PROPOSED).containsEntry("round", 1)
                .containsEntry("targetEur", "1000.00").containsEntry("periodStart", "2025-01-01")
                .containsEntry("periodEnd", "2026-12-31").containsEntry("optOuts", List.of())
                .containsEntry("pledgedEur", "0.00").containsEntry("disbursedEur", "0.00")
                .containsEntry("gapEur", "1000.00");
        assertThat(openRound(detail)).containsEntry("round", 1).containsEntry("targetEur", "1000.00")
                .containsEntry("decisionDeadline", "2024-06-01T00:00:00.000Z")
                .containsEntry("standingObjections", List.of());
    }

    @Test
    void objectionsStandUntilWithdrawnAndAreListedInCodeOrder() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        objected("AUT", 1, "2024-03-03", "2024-03-03T09:00:00Z");
        objected("DEU", 1, "2024-03-04", "2024-03-04T09:00:00Z");
        projection.on(new ObjectionWithdrawnEvent(FUND, 1, "DEU", "convinced", at("2024-03-05")), next(FUND),
                at("2024-03-05T09:00:00Z"));

        assertThat(openRound(detail(NOW, NOW))).containsEntry("standingObjections", List.of("AUT", "HUN"));
        assertThat(openRound(detail(NOW, "2024-03-04"))).containsEntry("standingObjections",
                List.of("AUT", "DEU", "HUN"));
        List<Map<String, Object>> objections = objections(reads.rounds(state(NOW, NOW)).get(0));
        assertThat(objections).extracting(o -> o.get("member")).containsExactly("HUN", "AUT", "DEU");
        assertThat(objections.get(2)).containsEntry("effectiveAt", "2024-03-04T00:00:00.000Z")
                .containsEntry("withdrawnAt", "2024-03-05T00:00:00.000Z");
        assertThat(objections.get(0)).containsEntry("reason", "no").containsEntry("withdrawnAt", null);
    }

    @Test
    void blockedRoundBlocksTheFundUntilAnAmendmentOpensANewRound() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        concluded(1, RoundOutcome.BLOCKED, "2024-06-01", "2024-06-01T09:00:00Z");
        amended(2, null, "1500", "2024-07-01", "2024-07-01T09:00:00Z");

        assertThat(detail(NOW, "2024-06-15")).containsEntry("status", FundStatus.BLOCKED)
                .containsEntry("openRound", null).containsEntry("round", 1);
        Map<String, Object> amended = detail(NOW, NOW);
        assertThat(amended).containsEntry("status", FundStatus.PROPOSED).containsEntry("round", 2)
                .containsEntry("targetEur", "1500.00");
        assertThat(openRound(amended)).containsEntry("round", 2).containsEntry("standingObjections", List.of());
        assertThat(reads.rounds(state(NOW, NOW))).extracting(r -> r.get("outcome"))
                .containsExactly(RoundOutcome.BLOCKED, RoundOutcome.OPEN);
    }

    @Test
    void adoptedTermsApplyUntilALaterRoundIsAdopted() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        concluded(1, RoundOutcome.ADOPTED, "2024-06-01", "2024-06-01T09:00:00Z");
        amended(2, null, "2000", "2024-07-01", "2024-07-01T09:00:00Z");

        Map<String, Object> pending = detail(NOW, "2024-07-15");
        assertThat(pending).containsEntry("status", FundStatus.ADOPTED).containsEntry("round", 1)
                .containsEntry("targetEur", "1000.00").containsEntry("gapEur", "1000.00");
        assertThat(openRound(pending)).containsEntry("round", 2).containsEntry("targetEur", "2000.00");

        concluded(2, RoundOutcome.ADOPTED, "2024-10-01", "2024-10-01T09:00:00Z");

        assertThat(detail(NOW, NOW)).containsEntry("status", FundStatus.ADOPTED).containsEntry("round", 2)
                .containsEntry("targetEur", "2000.00").containsEntry("openRound", null);
        assertThat(detail("2024-09-01", NOW)).containsEntry("round", 1);
    }

    @Test
    void amendmentSupersedesTheOpenRoundAndItsObjectionsStayWithIt() {
        proposed("1000", "2024-03-01", "2024-03-01T09:00:00Z");
        objected("HUN", 1, "2024-03-02", "2024-03-02T09:00:00Z");
        amended(2, 1, "900", "2024-04-01", "2024-04-01T09:00:00Z");

        assertThat(openRound(detail(NOW, NOW))).containsEntry("round", 2)
                .containsEntry("standingObjections", List.of());
        List<Map<String, Object>> rounds = reads.rounds(state(NOW, NOW));
        assertThat(rounds.get(0)).containsEntry("outcome", RoundOutcome.SUPERSEDED)
                .containsEntry("targetEur", "1000.00");
        assertThat(objections(rounds.get(0))).extracting(o -> o.get("member")).containsExactly("HUN");
        assertThat(rounds.get(1)).containsEntry("outcome", RoundOutcome.OPEN).containsEntry("targetEur", "900.00");
        assertThat(objections(rounds.get(1))).isEmpty();
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

        List<Map<String, Object>> rows = reads.fairShares(state(NOW, NOW), point(NOW, NOW));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("member", "AUT").containsEntry("costShare", "20")
                .containsEntry("normalizedShare", "0.400000").containsEntry("fairShareEur", "400.00")
                .containsEntry("pledgedEur", "200.00").containsEntry("ratio", "0.5000");
        assertThat(rows.get(1)).containsEntry("member", "DEU").containsEntry("normalizedShare", "0.600000")
                .containsEntry("fairShareEur", "600.00").containsEntry("pledgedEur", "0.00")
                .containsEntry("ratio", "0.0000");
        assertThat(reads.fairShares(state(NOW, "2024-03-01"), point(NOW, "2024-03-01")))
                .extracting(r -> r.get("fairShareEur")).containsExactly("200.00", "300.00", "500.00");
    }

    @Test
    void fairSharesRoundHalfEvenToTheCentAndSixDecimals() {
        member("AUT", "1", "2000-01-01");
        member("DEU", "7", "2000-01-01");
        member("HUN", "1", "2000-01-01");
        proposed("1.00", "2024-03-01", "2024-03-01T09:00:00Z");
        projection.on(new MemberOptedOutEvent(FUND, "HUN", "not for us", at("2024-03-02")), next(FUND),
                at("2024-03-02T09:00:00Z"));

        List<Map<String, Object>> rows = reads.fairShares(state(NOW, NOW), point(NOW, NOW));

        // 1 × 1/8 = 0.125 → 0.12 and 1 × 7/8 = 0.875 → 0.88 (HALF_EVEN)
        assertThat(rows).extracting(r -> r.get("fairShareEur")).containsExactly("0.12", "0.88");
        assertThat(rows).extracting(r -> r.get("normalizedShare")).containsExactly("0.125000", "0.875000");
        assertThat(reads.fairShares(state(NOW, "2024-03-01T12:00:00Z"), point(NOW, "2024-03-01T12:00:00Z")))
                .extracting(r -> r.get("normalizedShare")).containsExactly("0.111111", "0.777778", "0.111111");
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
        Map<String, Object> deu = reads.position(state(NOW, NOW), "DEU", point(NOW, NOW)).orElseThrow();
        assertThat(deu).containsEntry("pledgedEur", "500.00").containsEntry("disbursedEur", "10.00")
                .containsEntry("fairShareEur", "986.84").containsEntry("objecting", true)
                .containsEntry("optedOut", false);
        assertThat((List<?>) deu.get("pledges")).hasSize(2);
        Map<String, Object> aut = reads.position(state(NOW, NOW), "AUT", point(NOW, NOW)).orElseThrow();
        assertThat(aut).containsEntry("fairShareEur", null).containsEntry("optedOut", true)
                .containsEntry("objecting", false).containsEntry("pledgedEur", "0.00");
        assertThat(reads.position(state(NOW, "2024-03-10"), "HUN", point(NOW, "2024-03-10"))).isEmpty();
        assertThat(reads.position(state(NOW, "2024-03-03"), "DEU", point(NOW, "2024-03-03")).orElseThrow())
                .containsEntry("pledgedEur", "300.00").containsEntry("disbursedEur", "0.00");
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
                .filter(r -> member.equals(r.get("member"))).findFirst().orElseThrow().get("fairShareEur").toString();
    }

    private long next(String aggregate) {
        return sequences.merge(aggregate, 1L, Long::sum) - 1;
    }

    private Map<String, Object> detail(String asOf, String effectiveAt) {
        return reads.detail(state(asOf, effectiveAt), point(asOf, effectiveAt));
    }

    private FundState state(String asOf, String effectiveAt) {
        return reads.state(FUND, point(asOf, effectiveAt)).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> openRound(Map<String, Object> detail) {
        return (Map<String, Object>) detail.get("openRound");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objections(Map<String, Object> round) {
        return (List<Map<String, Object>>) round.get("objections");
    }

    private static PointInTime point(String asOf, String effectiveAt) {
        return new PointInTime(at(asOf), at(effectiveAt));
    }
}
