package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.axonframework.eventsourcing.eventstore.jpa.SQLErrorCodesResolver;
import org.commitmentledger.environment.PostgresDatabase;
import org.commitmentledger.environment.RequiresPostgres;
import org.junit.jupiter.api.Test;

/**
 * The append sends its rows as one JDBC batch. On PostgreSQL a duplicate key then fails the batch with pgjdbc's own
 * exception, not the server's; the resolver the ledger gives Axon must still read it as a concurrent append.
 */
@RequiresPostgres
class DuplicateAppendOnPostgresTests {

    @Test
    void aBatchFailingOnADuplicateKeyReadsAsADuplicateKeyViolation() throws SQLException {
        String schema = "dup_append_" + Long.toHexString(System.nanoTime());
        try (Connection c = PostgresDatabase.get().connect(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
            try {
                st.execute("create table " + schema + ".entry (aggregate_identifier varchar(255) not null, "
                        + "sequence_number bigint not null, unique (aggregate_identifier, sequence_number))");
                st.execute("insert into " + schema + ".entry values ('fund', 1)");
                SQLException failure;
                try (PreparedStatement insert = c.prepareStatement("insert into " + schema + ".entry values (?, ?)")) {
                    insert.setString(1, "fund");
                    insert.setLong(2, 2);
                    insert.addBatch();
                    insert.setString(1, "fund");
                    insert.setLong(2, 1);
                    insert.addBatch();
                    failure = catchThrowableOfType(SQLException.class, insert::executeBatch);
                }
                assertThat((Throwable) failure).as("the batch with a taken key").isNotNull();
                assertThat(new SQLErrorCodesResolver("PostgreSQL").isDuplicateKeyViolation(failure)).isTrue();
            } finally {
                st.execute("drop schema " + schema + " cascade");
            }
        }
    }
}
