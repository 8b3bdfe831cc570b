package org.commitmentledger.member.api;

import java.time.Instant;

import org.commitmentledger.projection.ProjectionDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the member projection and its reads without a Spring context. */
public final class MemberQueryFixtures {

    private MemberQueryFixtures() {
    }

    public static MemberReads reads(JdbcTemplate jdbc) {
        return new MemberReads(jdbc, ProjectionDatabase.tables(jdbc));
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        ProjectionDatabase.live(jdbc).on(event, sequence, recordedAt);
    }
}
