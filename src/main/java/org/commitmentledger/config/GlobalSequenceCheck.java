package org.commitmentledger.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Start-up check: the event table's global index must take one number per event. An increment of 50 (Hibernate's
 * default) leaves holes that tracking tokens carry as gaps and that slow every replay (ADR 0001, 0012).
 */
@Component
class GlobalSequenceCheck implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalSequenceCheck.class);

    private final JdbcTemplate jdbc;

    GlobalSequenceCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        var increments = jdbc.queryForList("select increment from information_schema.sequences "
                + "where lower(sequence_name) = 'domain_event_entry_seq'", Object.class);
        if (increments.isEmpty()) {
            throw new IllegalStateException("sequence domain_event_entry_seq is missing: the schema was not created "
                    + "by the ledger's Flyway migrations");
        }
        long increment = Long.parseLong(String.valueOf(increments.get(0)).trim());
        if (increment != 1) {
            throw new IllegalStateException("sequence domain_event_entry_seq increments by " + increment
                    + "; it must increment by 1 (one global index per event)");
        }
        LOG.info("global event sequence increments by 1");
    }
}
