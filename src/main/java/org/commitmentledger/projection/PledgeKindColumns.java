package org.commitmentledger.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Flyway migration 76: gives the pledge rows of every existing projection generation the pledge's {@code kind} and
 * {@code description} (ADR 0037). The generations' tables are named by the application (ADR 0020), so no SQL file can
 * name them; every pledge recorded before kinds existed was money. New generations get the columns from
 * {@link GenerationTables}.
 */
final class PledgeKindColumns implements JavaMigration {

    private static final Pattern PLEDGE_VERSION = Pattern.compile("pledge_version_g[0-9]+");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("76");
    }

    @Override
    public String getDescription() {
        return "pledge kind in projection generations";
    }

    @Override
    public Integer getChecksum() {
        return 76;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<String> tables = new ArrayList<>();
        try (Statement query = connection.createStatement(); ResultSet rs = query.executeQuery(
                "select table_name from information_schema.tables where table_schema = current_schema")) {
            while (rs.next()) {
                String table = rs.getString(1).toLowerCase(Locale.ROOT);
                if (PLEDGE_VERSION.matcher(table).matches()) {
                    tables.add(table);
                }
            }
        }
        try (Statement alter = connection.createStatement()) {
            for (String table : tables) {
                alter.execute("alter table " + table + " add column kind varchar(16) default 'MONEY' not null");
                alter.execute("alter table " + table + " add column description varchar(500)");
            }
        }
    }
}
