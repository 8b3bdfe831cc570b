package org.commitmentledger.pledge.query;

import java.time.Instant;

import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the pledge projection and its reads without a Spring context. */
public final class PledgeQueryFixtures {

    private PledgeQueryFixtures() {
    }

    public static PledgeReads reads(JdbcTemplate jdbc) {
        return new PledgeReads(jdbc);
    }

    public static void apply(JdbcTemplate jdbc, Object event, long sequence, Instant recordedAt) {
        PledgeProjection projection = new PledgeProjection(jdbc);
        if (event instanceof PledgeMadeEvent made) {
            projection.on(made, sequence, recordedAt);
        } else if (event instanceof PledgeRevisedEvent revised) {
            projection.on(revised, sequence, recordedAt);
        } else if (event instanceof PledgeWithdrawnEvent withdrawn) {
            projection.on(withdrawn, recordedAt);
        } else if (event instanceof PledgeDisbursedEvent disbursed) {
            projection.on(disbursed, recordedAt);
        } else {
            throw new IllegalArgumentException("not a pledge event: " + event);
        }
    }
}
