package org.commitmentledger.member.api;

/** What a member command answers: the aggregate sequence of the event it recorded and whether it registered. */
public record MemberRecorded(String code, long aggregateSequence, boolean registered) {
}
