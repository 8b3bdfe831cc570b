package org.commitmentledger.fund.api;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** The open round was concluded under the silence procedure. */
@Revision("1")
public record DecisionRoundConcludedEvent(String fundId, int round, RoundOutcome outcome,
                                          List<String> standingObjections, Instant effectiveAt) {
}
