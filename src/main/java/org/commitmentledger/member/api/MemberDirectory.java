package org.commitmentledger.member.api;

import java.time.Instant;

/** Command-side view of members, for rules of other aggregates judged at a valid time. */
public interface MemberDirectory {

    /** Whether the member was registered at that valid time, as currently recorded. */
    boolean isRegisteredAt(String code, Instant effectiveAt);
}
