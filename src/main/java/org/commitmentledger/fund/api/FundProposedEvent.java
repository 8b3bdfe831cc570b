package org.commitmentledger.fund.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.serialization.Revision;

/** A fund was proposed; decision round 1 opened on these terms. */
@Revision("1")
public record FundProposedEvent(String fundId, String name, int round, BigDecimal targetEur, LocalDate periodStart,
                                LocalDate periodEnd, Instant decisionDeadline, Instant effectiveAt) {
}
