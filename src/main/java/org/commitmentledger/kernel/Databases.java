package org.commitmentledger.kernel;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which of the two supported databases a connection reaches, where their SQL or their bulk paths differ. */
public final class Databases {

    private Databases() {
    }

    /** True on PostgreSQL (the scale-out path, ADR 0012), false on the embedded H2. */
    public static boolean postgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
