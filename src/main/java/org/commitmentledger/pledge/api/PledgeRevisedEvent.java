package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A new figure for the pledge. For a REVISION it holds from {@code effectiveAt} on; for a CORRECTION it replaces
 * the figure that took effect at {@code correctsFigureFrom}, over that figure's whole valid-time interval.
 */
@Revision("1")
public record PledgeRevisedEvent(String pledgeId, String fundId, String member, RevisionKind kind, BigDecimal amount,
                                 String currency, BigDecimal eurRate, BigDecimal eurAmount, String reason,
                                 Instant correctsFigureFrom, Instant effectiveAt) {
}
