package org.commitmentledger.pledge.api;

import java.time.Instant;

import org.commitmentledger.projection.ProjectionDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the pledge projection and its reads without a Spring context. */
public final class PledgeQueryFixtures {

    private PledgeQueryFixtures() {
    }

    public static PledgeReads reads(JdbcTemplate jdbc) {
        return new PledgeReads(jdbc, ProjectionDatabase.tables(jdbc));
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        ProjectionDatabase.live(jdbc).on(event, sequence, recordedAt);
    }
}
