package org.commitmentledger.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Child process of {@link H2KillNineTests}: commits one row after another into an H2 file opened with the given URL
 * and prints each row's number once its commit has returned (an acknowledged write), until it is killed (or 60 s).
 */
public final class CommitThenDie {

    private CommitThenDie() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "");
             Statement s = c.createStatement()) {
            s.execute("create table if not exists acknowledged (id bigint primary key, payload varchar(400))");
            try (PreparedStatement insert = c.prepareStatement("insert into acknowledged values (?, ?)")) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                for (long id = 1; System.nanoTime() < deadline; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "x".repeat(300));
                    insert.executeUpdate(); // autocommit: returns once committed
                    System.out.println(id);
                    System.out.flush();
                }
            }
        }
    }
}
