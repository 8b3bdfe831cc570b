package org.commitmentledger.fund.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A member broke silence: a veto of the open round. */
@Revision("1")
public record ObjectionRaisedEvent(String fundId, int round, String member, String reason, Instant effectiveAt) {
}
