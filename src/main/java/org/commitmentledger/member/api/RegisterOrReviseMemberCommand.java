package org.commitmentledger.member.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a member, or revises its name or cost-share key from {@code effectiveAt} on. */
public record RegisterOrReviseMemberCommand(@TargetAggregateIdentifier String code, String name, BigDecimal costShare,
                                            Instant effectiveAt) {
}
