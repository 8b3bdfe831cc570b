package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * What H2's {@code WRITE_DELAY=0} costs (ADR 0013): write throughput of the ledger over HTTP, and of raw single-row
 * commits, with the delay at 0 and at H2's default of 500 ms, in alternating rounds on this machine. The ledger side
 * needs a jar without the start-up guard that forces 0 ({@code -Dreliability.jar=} a build from before it); with the
 * current jar both variants run at 0, which the report says.
 *
 * <p>{@code mvn -B -o -Preliability test -Dtest=WriteDelayCostReliabilityRun -Dreliability.jar=…}; properties
 * {@code reliability.cost.rounds} (3), {@code .seconds} (15), {@code .clients} (4).
 */
class WriteDelayCostReliabilityRun {

    private final int rounds = Integer.getInteger("reliability.cost.rounds", 3);
    private final int seconds = Integer.getInteger("reliability.cost.seconds", 15);
    private final int clients = Integer.getInteger("reliability.cost.clients", 4);
    private final Path dir = Path.of("target/reliability/cost");

    @Test
    void measuresTheWriteThroughputOfSynchronousCommits() throws Exception {
        Map<String, List<Double>> ledger = new TreeMap<>();
        Map<String, List<Double>> raw = new TreeMap<>();
        Map<String, String> effective = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String delay : List.of("0", "500")) {
                Path db = dir.resolve("ledger-" + delay + "-" + round);
                String url = "jdbc:h2:file:" + db.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;"
                        + "WRITE_DELAY=" + delay;
                LedgerProcess process = LedgerProcess.start(url, dir.resolve("logs/ledger-" + delay + "-" + round
                        + ".log"), Duration.ofMinutes(3));
                try {
                    ledger.computeIfAbsent(delay, k -> new ArrayList<>()).add(ledgerWrites(process.client()));
                } finally {
                    process.stop();
                }
                String log = Files.readString(dir.resolve("logs/ledger-" + delay + "-" + round + ".log"));
                effective.put(delay, log.contains("setting it now") ? "0 (forced by the jar's start-up guard)"
                        : delay);
                raw.computeIfAbsent(delay, k -> new ArrayList<>()).add(rawCommits(dir.resolve("raw-" + delay + "-"
                        + round), delay));
            }
        }
        RunReport report = new RunReport("Cost of WRITE_DELAY=0: " + clients + " writers, " + rounds + " × " + seconds
                + " s per variant, alternating");
        report.line("Command: `mvn -B -o -Preliability test -Dtest=WriteDelayCostReliabilityRun -Dreliability.jar=%s`",
                LedgerProcess.jar()).line("");
        report.row("WRITE_DELAY in the URL", "in effect", "ledger writes/s (HTTP, pledges + revisions), per round",
                "raw single-row commits/s, per round");
        report.row("---", "---", "---", "---");
        for (String delay : ledger.keySet()) {
            report.row(delay, effective.get(delay), format(ledger.get(delay)), format(raw.get(delay)));
        }
        report.write();
        assertThat(ledger.get("0")).allMatch(rate -> rate > 0);
    }

    /** Accepted writes per second: half new pledges, half revisions of this client's pledges. */
    private double ledgerWrites(LedgerClient client) throws InterruptedException {
        client.put("secretariat", "/api/members/DEU",
                "{\"name\":\"Germany\",\"costShare\":\"16.1\",\"effectiveAt\":\"2024-01-01T00:00:00Z\"}");
        client.post("secretariat", "/api/funds", """
                {"fundId":"cost-fund","name":"Cost","targetEur":"50000000000","periodStart":"2025-01-01",
                 "periodEnd":"2027-12-31","decisionDeadline":"2024-02-01T00:00:00Z","effectiveAt":"2024-01-02T00:00:00Z"}""");
        client.post("secretariat", "/api/funds/cost-fund/decisions", "{\"effectiveAt\":\"2024-02-01T00:00:00Z\"}");
        AtomicLong accepted = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> {
                List<String> own = new ArrayList<>();
                for (int n = 0; !stop.get(); n++) {
                    LedgerClient.Answer answer;
                    if (own.isEmpty() || n % 2 == 0) {
                        answer = client.post("secretariat", "/api/pledges", """
                                {"fundId":"cost-fund","member":"DEU","amount":"%d","currency":"EUR","year":2026}"""
                                .formatted(1000 + n));
                        if (answer.ok()) {
                            own.add(answer.json().get("pledgeId").asText());
                        }
                    } else {
                        answer = client.post("secretariat", "/api/pledges/" + own.get(n % own.size()) + "/revisions",
                                "{\"amount\":\"%d\",\"kind\":\"REVISION\",\"reason\":\"cost\"}".formatted(2000 + n));
                    }
                    if (answer.ok() && measuring.get()) {
                        accepted.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(3000); // warm-up
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        return accepted.get() / elapsed;
    }

    /** Single-row autocommit inserts by {@code clients} threads into a fresh file with that delay. */
    private double rawCommits(Path db, String delay) throws Exception {
        String url = "jdbc:h2:file:" + db.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + delay;
        try (Connection setup = DriverManager.getConnection(url, "sa", ""); Statement s = setup.createStatement()) {
            s.execute("create table raw_event (id bigint generated by default as identity primary key, "
                    + "aggregate_identifier varchar(255), payload blob)");
            AtomicLong commits = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            byte[] payload = new byte[400];
            for (int t = 0; t < clients; t++) {
                Thread thread = new Thread(() -> {
                    try (Connection c = DriverManager.getConnection(url, "sa", "");
                         PreparedStatement insert = c.prepareStatement(
                                 "insert into raw_event (aggregate_identifier, payload) values (?, ?)")) {
                        while (!stop.get()) {
                            insert.setString(1, Thread.currentThread().getName());
                            insert.setBytes(2, payload);
                            insert.executeUpdate();
                            commits.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            long started = System.nanoTime();
            Thread.sleep(5000);
            stop.set(true);
            double elapsed = (System.nanoTime() - started) / 1e9;
            for (Thread thread : threads) {
                thread.join(60_000);
            }
            s.execute("shutdown");
            return commits.get() / elapsed;
        }
    }

    private static String format(List<Double> rates) {
        List<String> parts = new ArrayList<>();
        rates.forEach(r -> parts.add(String.format(Locale.ROOT, "%.0f", r)));
        return String.join(", ", parts);
    }
}
