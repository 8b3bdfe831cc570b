package org.commitmentledger.fund.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundCommands.AmendFundCommand;
import org.commitmentledger.fund.api.FundCommands.ConcludeDecisionRoundCommand;
import org.commitmentledger.fund.api.FundCommands.DeclareOptOutCommand;
import org.commitmentledger.fund.api.FundCommands.ProposeFundCommand;
import org.commitmentledger.fund.api.FundCommands.RaiseObjectionCommand;
import org.commitmentledger.fund.api.FundCommands.WithdrawObjectionCommand;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.FundRecorded;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.member.api.MemberDirectory;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.problem.UnknownResourceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FundAggregateTests {

    private static final String FUND = "clean-water";
    private static final BigDecimal TARGET = new BigDecimal("1000000.00");
    private static final LocalDate START = LocalDate.parse("2025-01-01");
    private static final LocalDate END = LocalDate.parse("2025-12-31");
    private static final Instant PROPOSED_AT = Instant.parse("2024-04-02T00:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2024-07-01T00:00:00Z");
    private static final Instant MAY = Instant.parse("2024-05-10T09:00:00Z");
    private static final Instant JUNE = Instant.parse("2024-06-10T09:00:00Z");
    private static final Instant AFTER_DEADLINE = Instant.parse("2024-07-15T00:00:00Z");
    private static final Instant DEADLINE_2 = Instant.parse("2024-09-01T00:00:00Z");

    /** DEU and HUN are registered since 2000; POL only from 2024-05-01. */
    private static final Map<String, Instant> REGISTERED_FROM = Map.of(
            "DEU", Instant.parse("2000-01-01T00:00:00Z"),
            "HUN", Instant.parse("2000-01-01T00:00:00Z"),
            "POL", Instant.parse("2024-05-01T00:00:00Z"));

    private FixtureConfiguration<FundAggregate> fixture;

    @BeforeEach
    void setUp() {
        MemberDirectory members = (code, at) -> REGISTERED_FROM.containsKey(code)
                && !at.isBefore(REGISTERED_FROM.get(code));
        fixture = new AggregateTestFixture<>(FundAggregate.class);
        fixture.registerInjectableResource(members);
    }

    private static FundProposedEvent proposed() {
        return new FundProposedEvent(FUND, "Clean water", 1, TARGET, START, END, DEADLINE, PROPOSED_AT);
    }

    private static ObjectionRaisedEvent objection(int round, String member, Instant at) {
        return new ObjectionRaisedEvent(FUND, round, member, "veto by " + member, at);
    }

    private static ObjectionWithdrawnEvent withdrawal(int round, String member, Instant at) {
        return new ObjectionWithdrawnEvent(FUND, round, member, "lifted", at);
    }

    private static DecisionRoundConcludedEvent concluded(int round, RoundOutcome outcome, List<String> standing,
                                                         Instant at) {
        return new DecisionRoundConcludedEvent(FUND, round, outcome, standing, at);
    }

    /** Round 2 on the terms of 2026-2027 with deadline {@link #DEADLINE_2}. */
    private static FundAmendedEvent amendedToNextYears(Integer superseded, Instant at) {
        return new FundAmendedEvent(FUND, 2, superseded, new BigDecimal("1500000.00"), LocalDate.parse("2026-01-01"),
                LocalDate.parse("2027-12-31"), DEADLINE_2, "two years", at);
    }

    private static AmendFundCommand amendToNextYears(Instant at) {
        return new AmendFundCommand(FUND, new BigDecimal("1500000.00"), LocalDate.parse("2026-01-01"),
                LocalDate.parse("2027-12-31"), DEADLINE_2, "two years", at);
    }

    @Nested
    class Proposal {

        @Test
        void proposesFundAndOpensDecisionRoundOne() {
            fixture.givenNoPriorActivity()
                    .when(new ProposeFundCommand(FUND, "Clean water", TARGET, START, END, DEADLINE, PROPOSED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(proposed())
                    .expectResultMessagePayload(FundRecorded.of(FUND, 0));
        }

        @Test
        void rejectsProposalWhenFundIdIsAlreadyUsed() {
            fixture.given(proposed())
                    .when(new ProposeFundCommand(FUND, "Other", TARGET, START, END, DEADLINE, MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("fundId clean-water is already used"));
        }
    }

    @Nested
    class Amendment {

        @Test
        void supersedesTheOpenRoundAndOpensTheNext() {
            fixture.given(proposed())
                    .when(amendToNextYears(MAY))
                    .expectEvents(amendedToNextYears(1, MAY))
                    .expectResultMessagePayload(FundRecorded.of(FUND, 1));
        }

        @Test
        void opensANewRoundWithoutSupersedingOneAfterADecision() {
            fixture.given(proposed(), objection(1, "DEU", MAY), concluded(1, RoundOutcome.BLOCKED, List.of("DEU"),
                            DEADLINE))
                    .when(amendToNextYears(AFTER_DEADLINE))
                    .expectEvents(amendedToNextYears(null, AFTER_DEADLINE))
                    .expectResultMessagePayload(FundRecorded.of(FUND, 3));
        }

        @Test
        void numbersRoundsAfterTheNewestRound() {
            fixture.given(proposed(), amendedToNextYears(1, MAY))
                    .when(new AmendFundCommand(FUND, TARGET, START, END, DEADLINE_2, "back to one year", JUNE))
                    .expectEvents(new FundAmendedEvent(FUND, 3, 2, TARGET, START, END, DEADLINE_2,
                            "back to one year", JUNE));
        }

        @Test
        void objectionsDoNotCarryOverToTheNewRound() {
            fixture.given(proposed(), objection(1, "DEU", MAY), amendedToNextYears(1, JUNE))
                    .when(new RaiseObjectionCommand(FUND, "DEU", "still no", JUNE))
                    .expectEvents(new ObjectionRaisedEvent(FUND, 2, "DEU", "still no", JUNE));
        }

        @Test
        void objectionsOfTheSupersededRoundDoNotBlockTheNewRound() {
            fixture.given(proposed(), objection(1, "DEU", MAY), amendedToNextYears(1, JUNE))
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE_2))
                    .expectEvents(concluded(2, RoundOutcome.ADOPTED, List.of(), DEADLINE_2))
                    .expectResultMessagePayload(new FundRecorded(FUND, 3, 2, RoundOutcome.ADOPTED, List.of()));
        }

        @Test
        void rejectsWithdrawalOfAnObjectionOfTheSupersededRound() {
            fixture.given(proposed(), objection(1, "DEU", MAY), amendedToNextYears(1, JUNE))
                    .when(new WithdrawObjectionCommand(FUND, "DEU", "never mind", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("no objection by DEU stands"));
        }
    }

    @Nested
    class Objection {

        @Test
        void raisesAnObjectionInTheOpenRound() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "DEU", "too expensive", MAY))
                    .expectEvents(new ObjectionRaisedEvent(FUND, 1, "DEU", "too expensive", MAY))
                    .expectResultMessagePayload(FundRecorded.of(FUND, 1));
        }

        @Test
        void acceptsAnObjectionAtTheDecisionDeadlineItself() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "DEU", "last minute", DEADLINE))
                    .expectEvents(new ObjectionRaisedEvent(FUND, 1, "DEU", "last minute", DEADLINE));
        }

        @Test
        void rejectsObjectionWhenNoRoundIsOpen() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE))
                    .when(new RaiseObjectionCommand(FUND, "DEU", "too late", AFTER_DEADLINE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("has no open decision round for an objection"));
        }

        @Test
        void rejectsObjectionAfterTheDecisionDeadline() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "DEU", "too late", DEADLINE.plusMillis(1)))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("decision deadline of round 1"),
                            containsString("had passed")));
        }

        @Test
        void rejectsObjectionFromMemberNotRegisteredAtEffectiveAt() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "POL", "before joining", Instant.parse(
                            "2024-04-30T23:59:59Z")))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member POL is not registered at 2024-04-30T23:59:59.000Z"));
        }

        @Test
        void acceptsObjectionFromMemberRegisteredSinceTheProposal() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "POL", "after joining", MAY))
                    .expectEvents(new ObjectionRaisedEvent(FUND, 1, "POL", "after joining", MAY));
        }

        @Test
        void rejectsObjectionFromUnknownMember() {
            fixture.given(proposed())
                    .when(new RaiseObjectionCommand(FUND, "FRA", "who?", MAY))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member FRA is not registered"));
        }

        @Test
        void rejectsObjectionFromOptedOutMember() {
            fixture.given(proposed(), new MemberOptedOutEvent(FUND, "HUN", "not ours", MAY))
                    .when(new RaiseObjectionCommand(FUND, "HUN", "and no", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member HUN has opted out of fund clean-water"));
        }

        @Test
        void rejectsSecondObjectionBySameMemberInOneRound() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new RaiseObjectionCommand(FUND, "DEU", "again", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member DEU already objects in round 1"));
        }

        @Test
        void acceptsANewObjectionAfterTheEarlierOneWasWithdrawn() {
            fixture.given(proposed(), objection(1, "DEU", MAY), withdrawal(1, "DEU", JUNE))
                    .when(new RaiseObjectionCommand(FUND, "DEU", "again", JUNE))
                    .expectEvents(new ObjectionRaisedEvent(FUND, 1, "DEU", "again", JUNE));
        }
    }

    @Nested
    class WithdrawalOfObjection {

        @Test
        void withdrawsAStandingObjection() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new WithdrawObjectionCommand(FUND, "DEU", "compromise found", JUNE))
                    .expectEvents(new ObjectionWithdrawnEvent(FUND, 1, "DEU", "compromise found", JUNE))
                    .expectResultMessagePayload(FundRecorded.of(FUND, 2));
        }

        @Test
        void rejectsWithdrawalWithoutAnObjectionByThatMember() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new WithdrawObjectionCommand(FUND, "HUN", "never objected", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("no objection by HUN stands in an open round"));
        }

        @Test
        void answersNotFoundForAMemberNeverRegistered() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new WithdrawObjectionCommand(FUND, "BVT", "who?", JUNE))
                    .expectNoEvents()
                    .expectException(UnknownResourceException.class)
                    .expectExceptionMessage(containsString("no member BVT was ever registered"));
        }

        @Test
        void rejectsWithdrawingTheSameObjectionTwice() {
            fixture.given(proposed(), objection(1, "DEU", MAY), withdrawal(1, "DEU", MAY))
                    .when(new WithdrawObjectionCommand(FUND, "DEU", "again", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("no objection by DEU stands"));
        }

        @Test
        void rejectsWithdrawalOnceTheRoundWasConcluded() {
            fixture.given(proposed(), objection(1, "DEU", MAY), concluded(1, RoundOutcome.BLOCKED, List.of("DEU"),
                            DEADLINE))
                    .when(new WithdrawObjectionCommand(FUND, "DEU", "too late", AFTER_DEADLINE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("no objection by DEU stands in an open round"));
        }
    }

    @Nested
    class OptOut {

        @Test
        void declaresAnOptOut() {
            fixture.given(proposed())
                    .when(new DeclareOptOutCommand(FUND, "HUN", "not our region", MAY))
                    .expectEvents(new MemberOptedOutEvent(FUND, "HUN", "not our region", MAY))
                    .expectResultMessagePayload(FundRecorded.of(FUND, 1));
        }

        @Test
        void acceptsOptOutAfterTheRoundWasConcluded() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE))
                    .when(new DeclareOptOutCommand(FUND, "HUN", "later", AFTER_DEADLINE))
                    .expectEvents(new MemberOptedOutEvent(FUND, "HUN", "later", AFTER_DEADLINE));
        }

        @Test
        void rejectsOptOutOfMemberNotRegisteredAtEffectiveAt() {
            fixture.given(proposed())
                    .when(new DeclareOptOutCommand(FUND, "POL", "before joining", Instant.parse(
                            "2024-04-15T00:00:00Z")))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member POL is not registered at"));
        }

        @Test
        void rejectsOptOutWhileTheMemberHasAStandingObjection() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new DeclareOptOutCommand(FUND, "DEU", "leave instead", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("member DEU has a standing objection in round 1"),
                            containsString("withdraw it")));
        }

        @Test
        void acceptsOptOutOnceTheObjectionWasWithdrawn() {
            fixture.given(proposed(), objection(1, "DEU", MAY), withdrawal(1, "DEU", JUNE))
                    .when(new DeclareOptOutCommand(FUND, "DEU", "leave instead", JUNE))
                    .expectEvents(new MemberOptedOutEvent(FUND, "DEU", "leave instead", JUNE));
        }

        @Test
        void rejectsASecondOptOut() {
            fixture.given(proposed(), new MemberOptedOutEvent(FUND, "HUN", "not ours", MAY))
                    .when(new DeclareOptOutCommand(FUND, "HUN", "really not", JUNE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("member HUN has already opted out of fund clean-water"));
        }
    }

    @Nested
    class Decision {

        @Test
        void rejectsDecisionBeforeTheDecisionDeadline() {
            fixture.given(proposed())
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE.minusMillis(1)))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("round 1 cannot be concluded before its decision "
                            + "deadline 2024-07-01T00:00:00.000Z")));
        }

        @Test
        void adoptsARoundWithoutObjections() {
            fixture.given(proposed())
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE))
                    .expectEvents(concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE))
                    .expectResultMessagePayload(new FundRecorded(FUND, 1, 1, RoundOutcome.ADOPTED, List.of()));
        }

        @Test
        void blocksARoundWithStandingObjectionsListedInOrder() {
            fixture.given(proposed(), objection(1, "HUN", MAY), objection(1, "POL", JUNE),
                            objection(1, "DEU", DEADLINE))
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE))
                    .expectEvents(concluded(1, RoundOutcome.BLOCKED, List.of("DEU", "HUN", "POL"), DEADLINE))
                    .expectResultMessagePayload(new FundRecorded(FUND, 4, 1, RoundOutcome.BLOCKED,
                            List.of("DEU", "HUN", "POL")));
        }

        @Test
        void withdrawnObjectionsDoNotStand() {
            fixture.given(proposed(), objection(1, "HUN", MAY), objection(1, "DEU", MAY),
                            withdrawal(1, "HUN", JUNE))
                    .when(new ConcludeDecisionRoundCommand(FUND, AFTER_DEADLINE))
                    .expectEvents(concluded(1, RoundOutcome.BLOCKED, List.of("DEU"), AFTER_DEADLINE))
                    .expectResultMessagePayload(new FundRecorded(FUND, 4, 1, RoundOutcome.BLOCKED, List.of("DEU")));
        }

        @Test
        void rejectsDecisionWhenNoRoundIsOpen() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE))
                    .when(new ConcludeDecisionRoundCommand(FUND, AFTER_DEADLINE))
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(containsString("has no open decision round for a decision"));
        }
    }

    @Nested
    class Timeline {

        /** Each command would be valid at DEADLINE, but the fund's latest event is later. */
        static Stream<Arguments> commandsDatedBeforeTheLatestEvent() {
            return Stream.of(
                    Arguments.of("amendment", amendToNextYears(DEADLINE)),
                    Arguments.of("objection", new RaiseObjectionCommand(FUND, "HUN", "no", DEADLINE)),
                    Arguments.of("withdrawal", new WithdrawObjectionCommand(FUND, "DEU", "lifted", DEADLINE)),
                    Arguments.of("opt-out", new DeclareOptOutCommand(FUND, "HUN", "out", DEADLINE)),
                    Arguments.of("decision", new ConcludeDecisionRoundCommand(FUND, DEADLINE)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commandsDatedBeforeTheLatestEvent")
        void rejectsEffectiveAtGoingBackwardsOnTheFundTimeline(String what, Object command) {
            fixture.given(proposed(), objection(1, "DEU", MAY),
                            new MemberOptedOutEvent(FUND, "POL", "out", AFTER_DEADLINE))
                    .when(command)
                    .expectNoEvents()
                    .expectException(LedgerRuleViolation.class)
                    .expectExceptionMessage(allOf(containsString("goes backwards on fund clean-water's timeline"),
                            containsString("latest is 2024-07-15T00:00:00.000Z")));
        }

        @Test
        void acceptsAnEventAtTheSameEffectiveAtAsTheLatest() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new DeclareOptOutCommand(FUND, "HUN", "same instant", MAY))
                    .expectEvents(new MemberOptedOutEvent(FUND, "HUN", "same instant", MAY));
        }
    }

    /** {@code refusalOfPledge}: the pledge rules, judged at a valid time against the fund as recorded. */
    @Nested
    class PledgeRules {

        @Test
        void admitsPledgesOnlyFromTheProposalOn() {
            fixture.givenNoPriorActivity()
                    .when(new ProposeFundCommand(FUND, "Clean water", TARGET, START, END, DEADLINE, PROPOSED_AT))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("DEU", 2025, PROPOSED_AT.minusMillis(1)))
                                .hasValueSatisfying(r -> assertThat(r).contains("did not exist yet"));
                        assertThat(fund.refusalOfPledge("DEU", 2025, PROPOSED_AT)).isEmpty();
                    });
        }

        @Test
        void refusesPledgesFromTheBlockingDecisionOn() {
            fixture.given(proposed(), objection(1, "DEU", MAY))
                    .when(new ConcludeDecisionRoundCommand(FUND, AFTER_DEADLINE))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("HUN", 2025, JUNE)).isEmpty();
                        assertThat(fund.refusalOfPledge("HUN", 2025, AFTER_DEADLINE))
                                .hasValueSatisfying(r -> assertThat(r).contains("was BLOCKED"));
                    });
        }

        @Test
        void admitsPledgesAgainWhenABlockedFundIsAmended() {
            fixture.given(proposed(), objection(1, "DEU", MAY),
                            concluded(1, RoundOutcome.BLOCKED, List.of("DEU"), DEADLINE))
                    .when(amendToNextYears(AFTER_DEADLINE))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("HUN", 2026, DEADLINE)).isPresent();
                        assertThat(fund.refusalOfPledge("HUN", 2026, AFTER_DEADLINE)).isEmpty();
                    });
        }

        @Test
        void refusesPledgesOfAMemberFromItsOptOutOn() {
            fixture.given(proposed())
                    .when(new DeclareOptOutCommand(FUND, "HUN", "not ours", JUNE))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("HUN", 2025, JUNE.minusMillis(1))).isEmpty();
                        assertThat(fund.refusalOfPledge("HUN", 2025, JUNE))
                                .hasValueSatisfying(r -> assertThat(r).contains("member HUN had opted out"));
                        assertThat(fund.refusalOfPledge("DEU", 2025, JUNE)).isEmpty();
                    });
        }

        @Test
        void refusesPledgesForYearsOutsideThePeriod() {
            fixture.givenNoPriorActivity()
                    .when(new ProposeFundCommand(FUND, "Clean water", TARGET, START, END, DEADLINE, PROPOSED_AT))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("DEU", 2024, MAY))
                                .hasValueSatisfying(r -> assertThat(r).contains("year 2024 lies outside"));
                        assertThat(fund.refusalOfPledge("DEU", 2026, MAY))
                                .hasValueSatisfying(r -> assertThat(r).contains("year 2026 lies outside"));
                        assertThat(fund.refusalOfPledge("DEU", 2025, MAY)).isEmpty();
                    });
        }

        @Test
        void anAmendmentBeforeAnyAdoptionChangesTheTermsFromItsEffectiveAt() {
            fixture.given(proposed())
                    .when(amendToNextYears(JUNE))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("DEU", 2025, MAY)).isEmpty();
                        assertThat(fund.refusalOfPledge("DEU", 2026, MAY)).isPresent();
                        assertThat(fund.refusalOfPledge("DEU", 2025, JUNE)).isPresent();
                        assertThat(fund.refusalOfPledge("DEU", 2027, JUNE)).isEmpty();
                    });
        }

        @Test
        void theAdoptionPersistsOnItsTermsAfterALaterAmendment() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE))
                    .when(amendToNextYears(AFTER_DEADLINE))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("DEU", 2025, AFTER_DEADLINE)).isEmpty();
                        assertThat(fund.refusalOfPledge("DEU", 2026, AFTER_DEADLINE))
                                .hasValueSatisfying(r -> assertThat(r).contains("2025-01-01 to 2025-12-31"));
                    });
        }

        @Test
        void aLaterAdoptedRoundReplacesTheTermsFromItsDecisionOn() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE),
                            amendedToNextYears(null, AFTER_DEADLINE))
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE_2))
                    .expectEvents(concluded(2, RoundOutcome.ADOPTED, List.of(), DEADLINE_2))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("DEU", 2025, DEADLINE_2.minusMillis(1))).isEmpty();
                        assertThat(fund.refusalOfPledge("DEU", 2025, DEADLINE_2)).isPresent();
                        assertThat(fund.refusalOfPledge("DEU", 2027, DEADLINE_2)).isEmpty();
                    });
        }

        @Test
        void aBlockedLaterRoundLeavesTheFundAdoptedOnTheEarlierTerms() {
            fixture.given(proposed(), concluded(1, RoundOutcome.ADOPTED, List.of(), DEADLINE),
                            amendedToNextYears(null, AFTER_DEADLINE), objection(2, "DEU", AFTER_DEADLINE))
                    .when(new ConcludeDecisionRoundCommand(FUND, DEADLINE_2))
                    .expectEvents(concluded(2, RoundOutcome.BLOCKED, List.of("DEU"), DEADLINE_2))
                    .expectState(fund -> {
                        assertThat(fund.refusalOfPledge("HUN", 2025, DEADLINE_2)).isEmpty();
                        assertThat(fund.refusalOfPledge("HUN", 2026, DEADLINE_2)).isPresent();
                    });
        }
    }
}
