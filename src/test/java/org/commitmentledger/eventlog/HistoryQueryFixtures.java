package org.commitmentledger.eventlog;

import org.springframework.jdbc.core.JdbcTemplate;

/** Gives tests in other packages the stored-event reader without a Spring context. */
public final class HistoryQueryFixtures {

    private HistoryQueryFixtures() {
    }

    public static StoredEvents storedEvents(JdbcTemplate jdbc) {
        return new StoredEvents(jdbc);
    }
}
