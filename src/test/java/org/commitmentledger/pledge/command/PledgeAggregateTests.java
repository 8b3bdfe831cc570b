package org.commitmentledger.pledge.command;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.fund.api.FundDirectory;
import org.commitmentledger.member.api.MemberDirectory;
import org.commitmentledger.pledge.api.PledgeCommands.DisbursePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.MakePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.RevisePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.WithdrawPledgeCommand;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRecorded;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PledgeAggregateTests {

    private static final String PLEDGE = "6f1c2d3e-0000-4000-8000-000000000001";
    private static final String FUND = "clean-water";
    private static final String BLOCKED_FUND = "dams";
    private static final Instant PROPOSED_AT = Instant.parse("2024-04-02T00:00:00Z");
    private static final Instant MAY = Instant.parse("2024-05-10T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2024-06-10T00:00:00Z");
    private static final Instant AUGUST = Instant.parse("2024-08-01T00:00:00Z");
    private static final Instant SEPTEMBER = Instant.parse("2024-09-01T00:00:00Z");
    private static final BigDecimal ONE = BigDecimal.ONE;

    /** DEU and HUN are registered since 2000; POL only from 2024-05-01. */
    private static final Map<String, Instant> REGISTERED_FROM = Map.of(
            "DEU", Instant.parse("2000-01-01T00:00:00Z"),
            "HUN", Instant.parse("2000-01-01T00:00:00Z"),
            "POL", Instant.parse("2024-05-01T00:00:00Z"));

    /** What the fund directory knows of one fund: enough to answer every pledge rule at a valid time. */
    private record KnownFund(Instant proposedAt, Instant blockedFrom, int firstYear, int lastYear,
                             Map<String, Instant> optedOutFrom) {
    }

    /** clean-water covers 2025-2026 and HUN opted out of it in June; dams was blocked in June. */
    private static final Map<String, KnownFund> FUNDS = Map.of(
            FUND, new KnownFund(PROPOSED_AT, null, 2025, 2026, Map.of("HUN", JUNE)),
            BLOCKED_FUND, new KnownFund(PROPOSED_AT, JUNE, 2025, 2025, Map.of()));

    private FixtureConfiguration<PledgeAggregate> fixture;

    @BeforeEach
    void setUp() {
        MemberDirectory members = (code, at) -> REGISTERED_FROM.containsKey(code)
                && !at.isBefore(REGISTERED_FROM.get(code));
        FundDirectory funds = (fundId, member, year, at) -> {
            KnownFund fund = FUNDS.get(fundId);
            if (fund == null) {
                return Optional.of("fund " + fundId + " does not exist");
            }
            if (at.isBefore(fund.proposedAt())) {
                return Optional.of("fund " + fundId + " did not exist yet at " + at);
            }
            if (fund.blockedFrom() != null && !at.isBefore(fund.blockedFrom())) {
                return Optional.of("fund " + fundId + " was BLOCKED at " + at);
            }
            Instant optedOut = fund.optedOutFrom().get(member);
            if (optedOut != null && !at.isBefore(optedOut)) {
                return Optional.of("member " + member + " had opted out of fund " + fundId);
            }
            if (year < fund.firstYear() || year > fund.lastYear()) {
                return Optional.of("year " + year + " lies outside the fund's period");
            }
            return Optional.empty();
        };
        fixture = new AggregateTestFixture<>(PledgeAggregate.class);
        fixture.registerInjectableResource(funds);
        fixture.registerInjectableResource(members);
    }

    /** DEU pledged 1,000,000 USD at 0.9 EUR per USD (900,000.00 EUR) for 2025, in May. */
    private static PledgeMadeEvent madeInUsd() {
        return new PledgeMadeEvent(PLEDGE, FUND, "DEU", 2025, new BigDecimal("1000000"), "USD",
                new BigDecimal("0.9"), new BigDecimal("900000.00"), "first tranche", PledgeKind.MONEY, null, MAY);
    }

    /** DEU pledged 900,000 EUR for 2025, in May. */
    private static PledgeMadeEvent madeInEur() {
        return new PledgeMadeEvent(PLEDGE, FUND, "DEU", 2025, new BigDecimal("900000"), "EUR", ONE,
                new BigDecimal("900000.00"), null, PledgeKind.MONEY, null, MAY);
    }

    private static PledgeRevisedEvent revisedInEur(String amount, Instant at) {
        return new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.REVISION, new BigDecimal(amount), "EUR", ONE,
                new BigDecimal(amount).setScale(2), "revised", null, at);
    }

    private static PledgeDisbursedEvent disbursedInEur(String amount, Instant at) {
        return new PledgeDisbursedEvent(PLEDGE, FUND, "DEU", new BigDecimal(amount), "EUR", ONE,
                new BigDecimal(amount).setScale(2), "wire " + at, at);
    }

    private static MakePledgeCommand make(String fundId, String member, int year, Instant at) {
        return new MakePledgeCommand(PLEDGE, fundId, member, new BigDecimal("500000"), "EUR", ONE, year, null, PledgeKind.MONEY, null, at);
    }

    private static RevisePledgeCommand reviseInEur(RevisionKind kind, String amount, Instant at) {
        return new RevisePledgeCommand(PLEDGE, kind, new BigDecimal(amount), "EUR", ONE, "why", at);
    }

    @Nested
    class Making {

        @Test
        void recordsAPledgeInEuro() {
            fixture.givenNoPriorActivity()
                    .when(new MakePledgeCommand(PLEDGE, FUND, "DEU", new BigDecimal("900000"), "EUR", ONE, 2025, null, PledgeKind.MONEY, null,
                            MAY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(madeInEur())
                    .expectResultMessagePayload(PLEDGE);
        }

        @Test
        void recordsAPledgeInAnotherCurrencyWithItsEuroValue() {
            fixture.givenNoPriorActivity()
                    .when(new MakePledgeCommand(PLEDGE, FUND, "DEU", new BigDecimal("1000000"), "USD",
                            new BigDecimal("0.9"), 2025, "first tranche", PledgeKind.MONEY, null, MAY))
                    .expectEvents(madeInUsd());
        }

        @ParameterizedTest(name = "{0} x {1} = {2} EUR")
        @CsvSource({"1.25, 0.1, 0.12", "1.35, 0.1, 0.14", "0.5, 0.25, 0.12", "0.5, 0.27, 0.14",
                "123.456789, 0.0000000001, 0.00", "999999999999999999.999999, 1.5, 1500000000000000000.00"})
        void roundsTheEuroValueHalfEvenToTheCent(String amount, String rate, String eur) {
            fixture.givenNoPriorActivity()
                    .when(new MakePledgeCommand(PLEDGE, FUND, "DEU", new BigDecimal(amount), "JPY",
                            new BigDecimal(rate), 2025, null, PledgeKind.MONEY, null, MAY))
                    .expectEvents(new PledgeMadeEvent(PLEDGE, FUND, "DEU", 2025, new BigDecimal(amount), "JPY",
                            new BigDecimal(rate), new BigDecimal(eur), null, PledgeKind.MONEY, null, MAY));
        }

        @Test
        void rejectsPledgeToAFundThatDoesNotExist() {
            fixture.givenNoPriorActivity()
                    .when(make("no-such-fund", "DEU", 2025, MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("fund no-such-fund does not exist"));
        }

        @Test
        void rejectsPledgeDatedBeforeTheFundExisted() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "DEU", 2025, PROPOSED_AT.minusMillis(1)))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("did not exist yet"));
        }

        @Test
        void rejectsPledgeToAFundBlockedAtEffectiveAt() {
            fixture.givenNoPriorActivity()
                    .when(make(BLOCKED_FUND, "DEU", 2025, JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("fund dams was BLOCKED"));
        }

        @Test
        void acceptsPledgeDatedBeforeTheFundWasBlocked() {
            fixture.givenNoPriorActivity()
                    .when(make(BLOCKED_FUND, "DEU", 2025, MAY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new PledgeMadeEvent(PLEDGE, BLOCKED_FUND, "DEU", 2025, new BigDecimal("500000"),
                            "EUR", ONE, new BigDecimal("500000.00"), null, PledgeKind.MONEY, null, MAY));
        }

        @Test
        void rejectsPledgeFromOptedOutMember() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "HUN", 2025, JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member HUN had opted out of fund clean-water"));
        }

        @Test
        void acceptsPledgeOfAMemberDatedBeforeItsOptOut() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "HUN", 2025, MAY))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsPledgeFromUnregisteredMember() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "FRA", 2025, MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member FRA is not registered at 2024-05-10T00:00:00.000Z"));
        }

        @Test
        void rejectsPledgeFromMemberNotYetRegisteredAtEffectiveAt() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "POL", 2025, Instant.parse("2024-04-30T00:00:00Z")))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member POL is not registered"));
        }

        @Test
        void rejectsPledgeForAYearOutsideTheFundsPeriod() {
            fixture.givenNoPriorActivity()
                    .when(make(FUND, "DEU", 2027, MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("year 2027 lies outside"));
        }
    }

    @Nested
    class Revision {

        @Test
        void revisesFromItsEffectiveAtKeepingCurrencyAndRateWhenAbsent() {
            fixture.given(madeInUsd())
                    .when(new RevisePledgeCommand(PLEDGE, RevisionKind.REVISION, new BigDecimal("1200000"), null, null,
                            "more", JUNE))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.REVISION,
                            new BigDecimal("1200000"), "USD", new BigDecimal("0.9"), new BigDecimal("1080000.00"),
                            "more", null, JUNE))
                    .expectResultMessagePayload(new PledgeRecorded(PLEDGE, 1));
        }

        @Test
        void revisesIntoAnotherCurrencyAtItsRate() {
            fixture.given(madeInUsd())
                    .when(new RevisePledgeCommand(PLEDGE, RevisionKind.REVISION, new BigDecimal("800000"), "GBP",
                            new BigDecimal("1.17"), "pounds now", JUNE))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.REVISION,
                            new BigDecimal("800000"), "GBP", new BigDecimal("1.17"), new BigDecimal("936000.00"),
                            "pounds now", null, JUNE));
        }

        @Test
        void acceptsARevisionAtTheSameEffectiveAtAsTheLatestEvent() {
            fixture.given(madeInEur())
                    .when(reviseInEur(RevisionKind.REVISION, "950000", MAY))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsRevisionGoingBackwardsOnThePledgeTimeline() {
            fixture.given(madeInEur(), disbursedInEur("1000", JUNE))
                    .when(reviseInEur(RevisionKind.REVISION, "950000", JUNE.minusMillis(1)))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("goes backwards on pledge " + PLEDGE),
                            containsString("latest is 2024-06-10T00:00:00.000Z")));
        }

        @Test
        void rejectsRevisionBelowWhatWasDisbursed() {
            fixture.given(madeInEur(), disbursedInEur("600000", JUNE))
                    .when(reviseInEur(RevisionKind.REVISION, "599999.99", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("new EUR value 599999.99"),
                            containsString("600000.00 EUR already disbursed")));
        }

        @Test
        void acceptsRevisionDownToWhatWasDisbursed() {
            fixture.given(madeInEur(), disbursedInEur("600000", JUNE))
                    .when(reviseInEur(RevisionKind.REVISION, "600000", AUGUST))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.REVISION,
                            new BigDecimal("600000"), "EUR", ONE, new BigDecimal("600000.00"), "why", null, AUGUST));
        }

        @Test
        void rejectsRevisionOfAWithdrawnPledge() {
            fixture.given(madeInEur(), new PledgeWithdrawnEvent(PLEDGE, FUND, "DEU", "gone", JUNE))
                    .when(reviseInEur(RevisionKind.REVISION, "100", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("pledge " + PLEDGE + " was withdrawn"));
        }
    }

    @Nested
    class Correction {

        @Test
        void replacesTheFigureInForceAtItsEffectiveAtAndNamesIt() {
            fixture.given(madeInUsd(), revisedInEur("1000000", AUGUST))
                    .when(new RevisePledgeCommand(PLEDGE, RevisionKind.CORRECTION, new BigDecimal("1100000"), null,
                            null, "typo in May", JUNE))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("1100000"), "USD", new BigDecimal("0.9"), new BigDecimal("990000.00"),
                            "typo in May", MAY, JUNE))
                    .expectResultMessagePayload(new PledgeRecorded(PLEDGE, 2));
        }

        @Test
        void correctsTheLatestFigureWhenDatedAfterIt() {
            fixture.given(madeInUsd(), revisedInEur("1000000", AUGUST))
                    .when(new RevisePledgeCommand(PLEDGE, RevisionKind.CORRECTION, new BigDecimal("1010000"), null,
                            null, "typo in August", SEPTEMBER))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("1010000"), "EUR", ONE, new BigDecimal("1010000.00"), "typo in August",
                            AUGUST, SEPTEMBER));
        }

        @Test
        void correctsTheLastOfSeveralRevisionsFromTheSameInstantInItsCurrency() {
            PledgeRevisedEvent inGbp = new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.REVISION,
                    new BigDecimal("800000"), "GBP", new BigDecimal("1.2"), new BigDecimal("960000.00"), "revised",
                    null, AUGUST);
            fixture.given(madeInUsd(), revisedInEur("1000000", AUGUST), inGbp)
                    .when(new RevisePledgeCommand(PLEDGE, RevisionKind.CORRECTION, new BigDecimal("700000"), null,
                            null, "typo in the second August figure", SEPTEMBER))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("700000"), "GBP", new BigDecimal("1.2"), new BigDecimal("840000.00"),
                            "typo in the second August figure", AUGUST, SEPTEMBER));
        }

        @Test
        void mayBeDatedEarlierThanTheLatestEventOfThePledge() {
            fixture.given(madeInEur(), disbursedInEur("1000", SEPTEMBER))
                    .when(reviseInEur(RevisionKind.CORRECTION, "800000", JUNE))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("800000"), "EUR", ONE, new BigDecimal("800000.00"), "why", MAY, JUNE));
        }

        @Test
        void rejectsCorrectionDatedBeforeThePledgesFirstFigure() {
            fixture.given(madeInEur())
                    .when(reviseInEur(RevisionKind.CORRECTION, "800000", MAY.minusMillis(1)))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("no figure of pledge " + PLEDGE),
                            containsString("to correct")));
        }

        @Test
        void rejectsCorrectionBelowWhatWasDisbursedWhileTheCorrectedFigureHeld() {
            fixture.given(madeInEur(), disbursedInEur("600000", JUNE), revisedInEur("1000000", AUGUST))
                    .when(reviseInEur(RevisionKind.CORRECTION, "500000", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("600000.00 EUR already disbursed"));
        }

        @Test
        void ignoresDisbursementsMadeUnderALaterFigure() {
            fixture.given(madeInEur(), revisedInEur("1000000", AUGUST), disbursedInEur("950000", SEPTEMBER))
                    .when(reviseInEur(RevisionKind.CORRECTION, "500000", JUNE))
                    .expectEvents(new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("500000"), "EUR", ONE, new BigDecimal("500000.00"), "why", MAY, JUNE));
        }

        @Test
        void theCorrectedFigureIsWhatLaterRulesSee() {
            fixture.given(madeInEur(), new PledgeRevisedEvent(PLEDGE, FUND, "DEU", RevisionKind.CORRECTION,
                            new BigDecimal("500000"), "EUR", ONE, new BigDecimal("500000.00"), "typo", MAY, JUNE))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("600000"), "EUR", ONE, "wire", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("above the pledged 500000.00 EUR"));
        }

        @Test
        void rejectsCorrectionOfAWithdrawnPledge() {
            fixture.given(madeInEur(), new PledgeWithdrawnEvent(PLEDGE, FUND, "DEU", "gone", JUNE))
                    .when(reviseInEur(RevisionKind.CORRECTION, "100", MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("was withdrawn"));
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void withdrawsAPledge() {
            fixture.given(madeInEur())
                    .when(new WithdrawPledgeCommand(PLEDGE, "budget cut", JUNE))
                    .expectEvents(new PledgeWithdrawnEvent(PLEDGE, FUND, "DEU", "budget cut", JUNE))
                    .expectResultMessagePayload(new PledgeRecorded(PLEDGE, 1));
        }

        @Test
        void rejectsWithdrawalWhenSomethingWasDisbursed() {
            fixture.given(madeInEur(), disbursedInEur("0.01", JUNE))
                    .when(new WithdrawPledgeCommand(PLEDGE, "budget cut", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("cannot be withdrawn"),
                            containsString("0.01 EUR was already disbursed")));
        }

        @Test
        void rejectsWithdrawingTwice() {
            fixture.given(madeInEur(), new PledgeWithdrawnEvent(PLEDGE, FUND, "DEU", "budget cut", JUNE))
                    .when(new WithdrawPledgeCommand(PLEDGE, "again", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("pledge " + PLEDGE + " was withdrawn"));
        }

        @Test
        void rejectsWithdrawalGoingBackwardsOnThePledgeTimeline() {
            fixture.given(madeInEur(), revisedInEur("950000", AUGUST))
                    .when(new WithdrawPledgeCommand(PLEDGE, "budget cut", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("goes backwards"));
        }
    }

    @Nested
    class Disbursement {

        @Test
        void recordsADisbursementInEuro() {
            fixture.given(madeInEur())
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("100000"), "EUR", ONE, "wire 1", JUNE))
                    .expectEvents(new PledgeDisbursedEvent(PLEDGE, FUND, "DEU", new BigDecimal("100000"), "EUR", ONE,
                            new BigDecimal("100000.00"), "wire 1", JUNE))
                    .expectResultMessagePayload(new PledgeRecorded(PLEDGE, 1));
        }

        @Test
        void recordsADisbursementInAnotherCurrencyAtItsEuroValue() {
            fixture.given(madeInEur())
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("100000"), "CHF", new BigDecimal("1.0456"),
                            "goods", JUNE))
                    .expectEvents(new PledgeDisbursedEvent(PLEDGE, FUND, "DEU", new BigDecimal("100000"), "CHF",
                            new BigDecimal("1.0456"), new BigDecimal("104560.00"), "goods", JUNE));
        }

        @Test
        void acceptsDisbursementsUpToExactlyThePledgedValue() {
            fixture.given(madeInEur(), disbursedInEur("400000", JUNE))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("500000"), "EUR", ONE, "rest", AUGUST))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new PledgeDisbursedEvent(PLEDGE, FUND, "DEU", new BigDecimal("500000"), "EUR", ONE,
                            new BigDecimal("500000.00"), "rest", AUGUST));
        }

        @Test
        void rejectsDisbursementAboveThePledgedValue() {
            fixture.given(madeInEur(), disbursedInEur("400000", JUNE))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("500000.01"), "EUR", ONE, "too much",
                            AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("disbursed total to 900000.01 EUR"),
                            containsString("above the pledged 900000.00 EUR")));
        }

        @Test
        void measuresDisbursementsAgainstTheLatestRevision() {
            fixture.given(madeInEur(), revisedInEur("1000000", JUNE))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("950000"), "EUR", ONE, "big", AUGUST))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsDisbursementOfAWithdrawnPledge() {
            fixture.given(madeInEur(), new PledgeWithdrawnEvent(PLEDGE, FUND, "DEU", "gone", JUNE))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("1"), "EUR", ONE, "late", AUGUST))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("was withdrawn"));
        }

        @Test
        void rejectsDisbursementGoingBackwardsOnThePledgeTimeline() {
            fixture.given(madeInEur(), disbursedInEur("1000", AUGUST))
                    .when(new DisbursePledgeCommand(PLEDGE, new BigDecimal("1"), "EUR", ONE, "earlier", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("goes backwards"));
        }
    }
}
