package org.commitmentledger.member.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.commitmentledger.member.api.MemberRecorded;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.member.api.RegisterOrReviseMemberCommand;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberAggregateTests {

    private static final Instant REGISTERED_AT = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2024-03-01T12:00:00Z");

    private FixtureConfiguration<MemberAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MemberAggregate.class);
    }

    @Test
    void registersAnUnknownMember() {
        fixture.givenNoPriorActivity()
                .when(new RegisterOrReviseMemberCommand("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT))
                .expectResultMessagePayload(new MemberRecorded("DEU", 0, true));
    }

    @Test
    void revisesARegisteredMemberFromItsEffectiveAtOn() {
        fixture.given(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT))
                .when(new RegisterOrReviseMemberCommand("DEU", "Federal Republic of Germany", new BigDecimal("26"),
                        LATER))
                .expectEvents(new MemberRevisedEvent("DEU", "Federal Republic of Germany", new BigDecimal("26"),
                        LATER))
                .expectResultMessagePayload(new MemberRecorded("DEU", 1, false));
    }

    @Test
    void acceptsARevisionAtTheSameEffectiveAtAsTheLatestEvent() {
        fixture.given(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT),
                        new MemberRevisedEvent("DEU", "Germany", new BigDecimal("26"), LATER))
                .when(new RegisterOrReviseMemberCommand("DEU", "Germany", new BigDecimal("25"), LATER))
                .expectEvents(new MemberRevisedEvent("DEU", "Germany", new BigDecimal("25"), LATER))
                .expectResultMessagePayload(new MemberRecorded("DEU", 2, false));
    }

    @Test
    void rejectsRevisionGoingBackwardsOnTheMemberTimeline() {
        fixture.given(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT),
                        new MemberRevisedEvent("DEU", "Germany", new BigDecimal("26"), LATER))
                .when(new RegisterOrReviseMemberCommand("DEU", "Germany", new BigDecimal("25"),
                        LATER.minusMillis(1)))
                .expectNoEvents()
                .expectException(LedgerRuleViolation.class)
                .expectExceptionMessage(allOf(containsString("goes backwards"),
                        containsString("member DEU's timeline"), containsString("2024-03-01T12:00:00.000Z")));
    }

    @Test
    void rejectsRevisionDatedBeforeTheRegistration() {
        fixture.given(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("27.5"), REGISTERED_AT))
                .when(new RegisterOrReviseMemberCommand("DEU", "Germany", new BigDecimal("25"),
                        Instant.parse("2019-12-31T23:59:59Z")))
                .expectNoEvents()
                .expectException(LedgerRuleViolation.class)
                .expectExceptionMessage(containsString("goes backwards"));
    }

    @Test
    void isRegisteredFromItsRegistrationOnAndNotBefore() {
        fixture.givenNoPriorActivity()
                .when(new RegisterOrReviseMemberCommand("HUN", "Hungary", new BigDecimal("1.2"), REGISTERED_AT))
                .expectState(member -> {
                    assertThat(member.isRegisteredAt(REGISTERED_AT.minusMillis(1))).isFalse();
                    assertThat(member.isRegisteredAt(REGISTERED_AT)).isTrue();
                    assertThat(member.isRegisteredAt(LATER)).isTrue();
                });
    }
}
