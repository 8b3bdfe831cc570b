package org.commitmentledger.pledge.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record PledgeWithdrawnEvent(String pledgeId, String fundId, String member, String reason,
                                   Instant effectiveAt) {
}
