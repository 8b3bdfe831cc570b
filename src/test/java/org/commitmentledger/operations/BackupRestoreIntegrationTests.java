package org.commitmentledger.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.LedgerNodes;
import org.commitmentledger.audit.Checkpoints;
import org.commitmentledger.audit.TreeStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An online backup taken while four clients write, restored into a new directory and started as a ledger of its
 * own: everything acknowledged before the backup is there, its chain leads to the digest the backup recorded, and it
 * answers reads as the original did at that point. A damaged file, a wrong digest and a non-empty target are refused.
 */
class BackupRestoreIntegrationTests extends LedgerHttpTest {

    @Test
    void aBackupTakenWhileClientsWriteRestoresToAVerifiedLedgerThatReadsAsTheOriginalDid() throws Exception {
        ensureMember("DEU", "16.1");
        ensureMember("FRA", "10");
        String fund = proposedFund("Backed up");
        assertThat(as("secretariat").post("/api/funds/" + fund + "/decisions",
                "{\"effectiveAt\":\"2021-01-02T00:00:00Z\"}").status()).isEqualTo(200);

        Map<Long, Long> acknowledgedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            String member = c % 2 == 0 ? "DEU" : "FRA";
            work.add(clients.submit(() -> {
                Response made = as("secretariat").post("/api/pledges", """
                        {"fundId":"%s","member":"%s","amount":"100","currency":"EUR","year":2025,
                         "effectiveAt":"2022-01-01T00:00:00Z"}""".formatted(fund, member));
                assertThat(made.status()).as(made.toString()).isEqualTo(201);
                acknowledgedAt.put(made.json().get("sequence").asLong(), System.nanoTime());
                String pledge = made.json().get("pledgeId").asText();
                for (int i = 1; !stop.get(); i++) {
                    Response revised = as("secretariat").post("/api/pledges/" + pledge + "/revisions",
                            "{\"amount\":\"" + (100 + i) + "\",\"kind\":\"REVISION\",\"reason\":\"r" + i + "\"}");
                    assertThat(revised.status()).as(revised.toString()).isEqualTo(200);
                    acknowledgedAt.put(revised.json().get("sequence").asLong(), System.nanoTime());
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        long backupSent = System.nanoTime();
        Response backup = as("admin").post("/api/admin/backups", "{}");
        Thread.sleep(500);
        stop.set(true);
        for (Future<?> f : work) {
            f.get(1, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(backup.status()).as(backup.toString()).isEqualTo(201);
        JsonNode manifest = backup.json();
        long lastSequence = manifest.get("lastSequence").asLong();
        String digest = manifest.get("digest").asText();
        assertThat(manifest.get("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(digest).matches("[0-9a-f]{64}");
        assertThat(manifest.get("bytes").asLong()).isPositive();
        assertThat(manifest.get("treeSize").asLong()).isPositive();
        assertThat(manifest.get("createdAt").asText()).isNotBlank();
        List<Long> before = acknowledgedAt.entrySet().stream().filter(e -> e.getValue() < backupSent)
                .map(Map.Entry::getKey).toList();
        assertThat(before).isNotEmpty().allSatisfy(seq -> assertThat(seq).isLessThanOrEqualTo(lastSequence));
        assertThat(acknowledgedAt.keySet()).as("writes went on during the backup")
                .anySatisfy(seq -> assertThat(seq).isGreaterThan(lastSequence));
        Response listed = as("admin").get("/api/admin/backups");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("backups").get(0).get("file").asText()).isEqualTo(manifest.get("file").asText());
        Path file = Path.of(listed.json().get("directory").asText()).resolve(manifest.get("file").asText());

        Path data = Path.of("target", "test-db", "restored-" + UUID.randomUUID()).toAbsolutePath();
        Outcome restored = restore(file.toString(), "--data", data.toString());
        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains(digest);

        String asOf = Instant.parse(manifest.get("lastRecordedAt").asText()).minusMillis(1).toString();
        List<String> reads = List.of("/api/funds/" + fund + "?asOf=" + asOf,
                "/api/funds/" + fund + "/fair-shares?asOf=" + asOf, "/api/funds?asOf=" + asOf,
                "/api/events?after=0&limit=1000&asOf=" + asOf);
        List<String> original = reads.stream().map(p -> as("auditor").get(p).body()).toList();

        ConfigurableApplicationContext node = LedgerNodes.start("jdbc:h2:file:" + data.resolve("ledger")
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000", new String[0], "spring.main.banner-mode=off",
                "ledger.backup.directory=./target/test-backups/restored");
        try {
            int port = LedgerNodes.port(node);
            JdbcTemplate restoredDb = node.getBean(JdbcTemplate.class);
            for (long seq : acknowledgedAt.keySet()) {
                if (seq <= lastSequence) {
                    assertThat(restoredDb.queryForObject("select count(*) from domain_event_entry where "
                            + "global_index = ?", Long.class, seq)).as("acknowledged write " + seq).isEqualTo(1);
                }
            }
            JsonNode restoredDigest = json(LedgerNodes.send(port, "auditor", "auditor", "GET", "/api/audit/digest",
                    null, null).body());
            assertThat(restoredDigest.get("sequence").asLong()).isEqualTo(lastSequence);
            assertThat(restoredDigest.get("head").asText()).isEqualTo(digest);
            JsonNode verification = json(LedgerNodes.send(port, "auditor", "auditor", "GET", "/api/audit/verify",
                    null, null).body());
            assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
            List<String> fromRestored = reads.stream().map(p -> LedgerNodes.send(port, "auditor", "auditor", "GET",
                    p, null, null).body()).toList();
            assertThat(fromRestored).isEqualTo(original);

            // an event stored behind the ledger's back, beyond the chain head: reads would show unchained history
            long forged = lastSequence + 1_000_000;
            restoredDb.update("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, payload_type, payload_revision, time_stamp, payload, meta_data) "
                    + "select ?, 'forged', aggregate_identifier, 999999, type, payload_type, payload_revision, "
                    + "time_stamp, payload, meta_data from domain_event_entry where global_index = ?", forged,
                    lastSequence);
            HttpResponse<String> outOfService = LedgerNodes.send(port, "admin", "admin", "GET", "/actuator/health",
                    null, null);
            assertThat(outOfService.statusCode()).isEqualTo(503);
            assertThat(json(outOfService.body()).get("components").get("ledger").get("status").asText())
                    .isEqualTo("OUT_OF_SERVICE");
            assertThat(LedgerNodes.send(port, null, null, "GET", "/actuator/health/readiness", null, null)
                    .statusCode()).isEqualTo(503);
            restoredDb.update("delete from domain_event_entry where global_index = ?", forged);
            assertThat(LedgerNodes.send(port, null, null, "GET", "/actuator/health/readiness", null, null)
                    .statusCode()).isEqualTo(200);
        } finally {
            node.close();
        }

        Outcome overALedger = restore(file.toString(), "--data", data.toString());
        assertThat(overALedger.code()).isEqualTo(1);
        assertThat(overALedger.err()).contains("is not empty");

        Path fresh = Path.of("target", "test-db", "restored-" + UUID.randomUUID()).toAbsolutePath();
        Outcome wrongDigest = restore(file.toString(), "--data", fresh.toString(), "--digest", "ab".repeat(32),
                "--sequence", String.valueOf(lastSequence));
        assertThat(wrongDigest.code()).as(wrongDigest.toString()).isEqualTo(1);
        assertThat(wrongDigest.err()).contains("does not verify against the digest recorded at backup");
        assertThat(fresh).doesNotExist();

        Path damaged = Files.createTempDirectory(Path.of("target"), "damaged-").resolve(file.getFileName());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(damaged, bytes);
        Files.copy(file.resolveSibling(file.getFileName() + ".json"), damaged.resolveSibling(damaged.getFileName()
                + ".json"));
        Outcome corrupted = restore(damaged.toString(), "--data", fresh.toString());
        assertThat(corrupted.code()).as(corrupted.toString()).isEqualTo(1);
        assertThat(corrupted.err()).contains("sha256").contains("damaged");
        assertThat(fresh).doesNotExist();
    }

    @Autowired
    private TreeStore tree;
    @Autowired
    private Checkpoints checkpoints;
    @Autowired
    private Clock clock;

    @Test
    void onlyTheNewestBackupsAreKept() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "kept-backups-");
        Backups backups = new Backups(jdbc, tree, checkpoints, new BackupProperties(dir.toString(), 1), clock,
                new SimpleMeterRegistry());
        BackupManifest first = backups.take();
        BackupManifest second = backups.take();
        assertThat(backups.list()).containsExactly(second);
        assertThat(dir.resolve(first.file())).doesNotExist();
        assertThat(dir.resolve(first.file() + ".json")).doesNotExist();
        assertThat(dir.resolve(second.file())).exists();
        assertThat(Backups.sha256(dir.resolve(second.file()))).isEqualTo(second.sha256());
    }

    @Test
    void backupsAreForAdminOnlyAndTakeJson() {
        assertThat(as("auditor").post("/api/admin/backups", "{}").status()).isEqualTo(403);
        assertThat(as("secretariat").get("/api/admin/backups").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/admin/backups").status()).isEqualTo(401);
        Response form = as("admin").send("POST", "/api/admin/backups", null, null);
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.contentType()).startsWith("application/problem+json");
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome restore(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RestoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}
