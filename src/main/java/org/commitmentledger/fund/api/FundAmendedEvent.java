package org.commitmentledger.fund.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.serialization.Revision;

/** New terms: the open round (if any, {@code supersededRound}) is superseded and round {@code round} opens. */
@Revision("1")
public record FundAmendedEvent(String fundId, int round, Integer supersededRound, BigDecimal targetEur,
                               LocalDate periodStart, LocalDate periodEnd, Instant decisionDeadline, String reason,
                               Instant effectiveAt) {
}
