package org.commitmentledger.fund.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The member will neither take part nor block; it leaves the fair-share base. */
@Revision("1")
public record MemberOptedOutEvent(String fundId, String member, String reason, Instant effectiveAt) {
}
