package org.commitmentledger.fund.query;

import java.time.Instant;

import org.commitmentledger.projection.ProjectionDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the fund projection without a Spring context. */
public final class FundQueryFixtures {

    private FundQueryFixtures() {
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        ProjectionDatabase.live(jdbc).on(event, sequence, recordedAt);
    }
}
