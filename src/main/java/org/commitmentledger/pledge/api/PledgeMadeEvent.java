package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record PledgeMadeEvent(String pledgeId, String fundId, String member, int year, BigDecimal amount,
                              String currency, BigDecimal eurRate, BigDecimal eurAmount, String note,
                              Instant effectiveAt) {
}
