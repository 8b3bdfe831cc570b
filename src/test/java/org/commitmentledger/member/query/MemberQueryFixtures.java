package org.commitmentledger.member.query;

import java.time.Instant;

import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the member projection and its reads without a Spring context. */
public final class MemberQueryFixtures {

    private MemberQueryFixtures() {
    }

    public static MemberReads reads(JdbcTemplate jdbc) {
        return new MemberReads(jdbc);
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        MemberProjection projection = new MemberProjection(jdbc);
        if (event instanceof MemberRegisteredEvent registered) {
            projection.on(registered, sequence, recordedAt);
        } else if (event instanceof MemberRevisedEvent revised) {
            projection.on(revised, sequence, recordedAt);
        } else {
            throw new IllegalArgumentException("not a member event: " + event);
        }
    }
}
