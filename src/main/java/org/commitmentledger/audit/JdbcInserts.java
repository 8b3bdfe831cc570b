package org.commitmentledger.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserts rows as one JDBC batch on a connection the caller holds (the append's, inside Hibernate's work). */
final class JdbcInserts {

    private JdbcInserts() {
    }

    /** Sets a row's parameters on the insert. */
    interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    /** Inserts {@code rows} with {@code sql}, one batch; nothing is sent when there are none. */
    static <T> void insert(Connection connection, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
