package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A commitment recorded. Revision 2 added {@code kind} and {@code description} (what is delivered, for in-kind
 * pledges; null for money); revision-1 events are read as {@code MONEY} by {@code PledgeMadeUpcasters} (ADR 0037).
 */
@Revision("2")
public record PledgeMadeEvent(String pledgeId, String fundId, String member, int year, BigDecimal amount,
                              String currency, BigDecimal eurRate, BigDecimal eurAmount, String note,
                              PledgeKind kind, String description, Instant effectiveAt) {
}
