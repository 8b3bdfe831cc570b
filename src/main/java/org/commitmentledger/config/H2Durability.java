package org.commitmentledger.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * An acknowledged write must survive the death of the process (ADR 0013). H2's MVStore keeps committed transactions in
 * memory and writes them to its file up to {@code WRITE_DELAY} milliseconds later (default 500): {@code kill -9} loses
 * them. With {@code WRITE_DELAY=0} every commit writes its chunk to the file before the commit returns. The shipped
 * datasource URL says so; this makes it hold for any H2 URL the ledger is pointed at (README invites moving the file,
 * tests and benchmarks pass their own URLs), before anything is written: singletons are initialised before the web
 * server and the event processors start.
 */
@Component
class H2Durability implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(H2Durability.class);

    private final DataSource dataSource;

    H2Durability(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            String delay = writeDelay(statement);
            if (!"0".equals(delay)) {
                LOG.warn("the H2 datasource URL does not set WRITE_DELAY=0 (it is {} ms): setting it now, or a crash "
                        + "could lose acknowledged writes (ADR 0013)", delay);
                statement.execute("SET WRITE_DELAY 0");
                delay = writeDelay(statement);
                if (!"0".equals(delay)) {
                    throw new IllegalStateException("H2 WRITE_DELAY is still " + delay + " ms after SET WRITE_DELAY 0");
                }
            }
            LOG.info("H2 writes every commit to its file before acknowledging it (WRITE_DELAY=0)");
        }
    }

    /**
     * The live delay and, once SET WRITE_DELAY ran, a persisted copy of it, which H2 shows but does not apply on the
     * next open (the URL or the 500 ms default does): the largest of the two counts.
     */
    private static String writeDelay(Statement statement) throws SQLException {
        String delay = "unknown";
        try (ResultSet rs = statement.executeQuery(
                "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
            while (rs.next()) {
                String value = rs.getString(1).trim();
                if (delay.equals("unknown") || delay.equals("0")) {
                    delay = value;
                }
            }
        }
        return delay;
    }
}
