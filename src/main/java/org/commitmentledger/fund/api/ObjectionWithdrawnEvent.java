package org.commitmentledger.fund.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ObjectionWithdrawnEvent(String fundId, int round, String member, String reason, Instant effectiveAt) {
}
