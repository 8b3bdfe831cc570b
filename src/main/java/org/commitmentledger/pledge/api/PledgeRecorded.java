package org.commitmentledger.pledge.api;

/** What a pledge command answers: the aggregate sequence of the event it recorded. */
public record PledgeRecorded(String pledgeId, long aggregateSequence) {
}
