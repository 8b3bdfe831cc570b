package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of a pledge's timeline. Amounts arrive validated; EUR values are computed by the aggregate. */
public final class PledgeCommands {

    private PledgeCommands() {
    }

    public record MakePledgeCommand(@TargetAggregateIdentifier String pledgeId, String fundId, String member,
                                    BigDecimal amount, String currency, BigDecimal eurRate, int year, String note,
                                    PledgeKind kind, String description, Instant effectiveAt) {
    }

    /** {@code currency} and {@code eurRate} null: the pledge's own are kept. */
    public record RevisePledgeCommand(@TargetAggregateIdentifier String pledgeId, RevisionKind kind, BigDecimal amount,
                                      String currency, BigDecimal eurRate, String reason, Instant effectiveAt) {
    }

    public record WithdrawPledgeCommand(@TargetAggregateIdentifier String pledgeId, String reason,
                                        Instant effectiveAt) {
    }

    public record DisbursePledgeCommand(@TargetAggregateIdentifier String pledgeId, BigDecimal amount,
                                        String currency, BigDecimal eurRate, String reference, Instant effectiveAt) {
    }
}
