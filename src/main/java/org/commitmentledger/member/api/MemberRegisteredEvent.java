package org.commitmentledger.member.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record MemberRegisteredEvent(String code, String name, BigDecimal costShare, Instant effectiveAt) {
}
