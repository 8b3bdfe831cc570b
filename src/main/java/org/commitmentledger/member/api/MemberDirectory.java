package org.commitmentledger.member.api;

import java.time.Instant;

import org.commitmentledger.kernel.Instants;

/** Command-side view of members, for rules of other aggregates judged at a valid time. */
public interface MemberDirectory {

    /** Whether the member was registered at that valid time, as currently recorded. */
    boolean isRegisteredAt(String code, Instant effectiveAt);

    /** Whether the member was ever registered: a member named in a path that never was is 404, not 409. */
    default boolean isRecorded(String code) {
        return isRegisteredAt(code, Instants.MAX);
    }
}
