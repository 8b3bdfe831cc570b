package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The fast variant of the crash run (ADR 0013), at the storage level: a process commits rows into H2 with the
 * datasource settings the ledger ships and is killed with SIGKILL while doing so; every commit it reported as done
 * must be in the file. With H2's default write delay the last few hundred milliseconds of commits are lost.
 */
class H2KillNineTests {

    @Test
    void everyCommitAcknowledgedBeforeKillNineIsInTheFile() throws Exception {
        Path database = Path.of("target/test-db/kill-nine-" + UUID.randomUUID(), "ledger");
        String url = LedgerProcess.shippedUrl(database);
        assertThat(url).contains("WRITE_DELAY=0");
        String classpath = location(org.h2.Driver.class) + java.io.File.pathSeparator + location(CommitThenDie.class);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, CommitThenDie.class.getName(), url).redirectErrorStream(true).start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.matches("\\d+")) {
                    throw new AssertionError("the child said: " + line);
                }
                acknowledged.add(Long.parseLong(line));
                if (acknowledged.size() == 2_000) {
                    child.toHandle().destroyForcibly(); // SIGKILL, mid-stream; leaves its output readable
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_000);

        Set<Long> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database.toAbsolutePath(), "sa", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from acknowledged")) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        List<Long> lost = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
        assertThat(lost).as("commits acknowledged before kill -9 and missing after it (of %d)", acknowledged.size())
                .isEmpty();
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
