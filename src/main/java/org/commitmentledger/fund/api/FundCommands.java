package org.commitmentledger.fund.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of a fund's own timeline. */
public final class FundCommands {

    private FundCommands() {
    }

    public record ProposeFundCommand(@TargetAggregateIdentifier String fundId, String name, BigDecimal targetEur,
                                     LocalDate periodStart, LocalDate periodEnd, Instant decisionDeadline,
                                     Instant effectiveAt) {
    }

    public record AmendFundCommand(@TargetAggregateIdentifier String fundId, BigDecimal targetEur,
                                   LocalDate periodStart, LocalDate periodEnd, Instant decisionDeadline,
                                   String reason, Instant effectiveAt) {
    }

    public record RaiseObjectionCommand(@TargetAggregateIdentifier String fundId, String member, String reason,
                                        Instant effectiveAt) {
    }

    public record WithdrawObjectionCommand(@TargetAggregateIdentifier String fundId, String member, String reason,
                                           Instant effectiveAt) {
    }

    public record DeclareOptOutCommand(@TargetAggregateIdentifier String fundId, String member, String reason,
                                       Instant effectiveAt) {
    }

    public record ConcludeDecisionRoundCommand(@TargetAggregateIdentifier String fundId, Instant effectiveAt) {
    }
}
