package org.commitmentledger.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.LedgerApplication;
import org.commitmentledger.LedgerNodes;
import org.commitmentledger.environment.PostgresDatabase;
import org.commitmentledger.environment.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The rolling upgrade of docs/operations.md on the real PostgreSQL: two nodes of version N serve while clients
 * write through a load balancer; a node of version N+1 (this build plus a harmless migration from a test-only
 * location) starts and migrates the shared schema once; old and new serve together; each old node is taken out of
 * the balancer, stopped, and replaced by a new one. Clients retry a failed write on the next node with the same
 * Idempotency-Key, as a client of the contract may: no acknowledged write is lost, none is recorded twice, and no
 * write stays refused longer than a node takes to start.
 */
@RequiresPostgres
class RollingUpgradeTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "ledger_upgrade_" + Long.toHexString(System.nanoTime());
    private static final String VERSION_N = "classpath:db/migration/common,classpath:db/migration/{vendor}";
    private static final String VERSION_N1 = VERSION_N + ",classpath:db/rolling-upgrade";

    private static PostgresDatabase db;
    private static JdbcTemplate jdbc;
    private static final List<ConfigurableApplicationContext> NODES = new CopyOnWriteArrayList<>();
    private static String[] users;

    @BeforeAll
    static void database() {
        db = PostgresDatabase.get();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(db.urlWithSchema(SCHEMA), db.user(), db.password(),
                true));
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
        List<String> arguments = new ArrayList<>();
        String[][] all = {{"auditor", "AUDITOR"}, {"secretariat", "SECRETARIAT"}, {"admin", "ADMIN"}};
        for (int i = 0; i < all.length; i++) {
            arguments.add("--ledger.security.users[" + i + "].name=" + all[i][0]);
            arguments.add("--ledger.security.users[" + i + "].password-hash={bcrypt}" + bcrypt.encode(all[i][0]));
            arguments.add("--ledger.security.users[" + i + "].role=" + all[i][1]);
        }
        users = arguments.toArray(String[]::new);
    }

    @AfterAll
    static void stopAndDropSchema() throws Exception {
        NODES.forEach(ConfigurableApplicationContext::close);
        if (db != null) {
            try (Connection c = db.connect()) {
                c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
            }
        }
    }

    /** Starts a node of the given version (its Flyway locations); answers it and how long its start took. */
    private static Started start(String locations) {
        long started = System.nanoTime();
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + db.urlWithSchema(SCHEMA), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--spring.flyway.schemas=" + SCHEMA,
                "--spring.flyway.locations=" + locations, "--" + LedgerNodes.signingKeyProperty(),
                "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(users));
        ConfigurableApplicationContext node = new SpringApplicationBuilder(LedgerApplication.class)
                .profiles("postgres").run(arguments.toArray(String[]::new));
        NODES.add(node);
        return new Started(node, LedgerNodes.port(node), (System.nanoTime() - started) / 1_000_000);
    }

    private record Started(ConfigurableApplicationContext context, int port, long startMillis) {
    }

    @Test
    void twoOldNodesAndANewOneServeTogetherAndTheUpgradeLosesAndRefusesNothingForLong() throws Exception {
        Started a = start(VERSION_N);
        Started b = start(VERSION_N);
        assertThat(send(a.port(), "secretariat", "PUT", "/api/members/DEU", "{\"name\":\"Germany\",\"costShare\":"
                + "\"16\",\"effectiveAt\":\"2020-01-01T00:00:00Z\"}", null).statusCode()).isEqualTo(201);
        assertThat(send(b.port(), "secretariat", "POST", "/api/funds", "{\"fundId\":\"upgraded\",\"name\":\"U\","
                + "\"targetEur\":\"1000000\",\"periodStart\":\"2025-01-01\",\"periodEnd\":\"2025-12-31\","
                + "\"decisionDeadline\":\"2021-01-01T00:00:00Z\",\"effectiveAt\":\"2020-06-01T00:00:00Z\"}", null)
                .statusCode()).isEqualTo(201);
        assertThat(send(a.port(), "secretariat", "POST", "/api/funds/upgraded/decisions",
                "{\"effectiveAt\":\"2021-01-02T00:00:00Z\"}", null).statusCode()).isEqualTo(200);

        List<Integer> balancer = new CopyOnWriteArrayList<>(List.of(a.port(), b.port()));
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger retries = new AtomicInteger();
        AtomicLong longestRefusal = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            work.add(clients.submit(() -> {
                String pledge = null;
                for (int i = 0; !stop.get() || pledge == null; i++) {
                    String path = pledge == null ? "/api/pledges" : "/api/pledges/" + pledge + "/revisions";
                    String body = pledge == null ? "{\"fundId\":\"upgraded\",\"member\":\"DEU\",\"amount\":\"100\","
                            + "\"currency\":\"EUR\",\"year\":2025,\"effectiveAt\":\"2022-01-01T00:00:00Z\"}"
                            : "{\"amount\":\"" + (100 + i) + "\",\"kind\":\"REVISION\",\"reason\":\"r" + i + "\"}";
                    String key = UUID.randomUUID().toString();
                    long firstRefused = 0;
                    for (int attempt = 0; ; attempt++) {
                        int port = balancer.get(Math.floorMod(client + i + attempt, balancer.size()));
                        HttpResponse<String> answer = sendQuietly(port, "POST", path, body, key);
                        if (answer != null && answer.statusCode() / 100 == 2) {
                            JsonNode json = JSON.readTree(answer.body());
                            acknowledged.add(json.get("sequence").asLong());
                            if (pledge == null) {
                                pledge = json.get("pledgeId").asText();
                            }
                            if (firstRefused != 0) {
                                longestRefusal.accumulateAndGet((System.nanoTime() - firstRefused) / 1_000_000,
                                        Math::max);
                            }
                            break;
                        }
                        if (answer != null && answer.statusCode() / 100 == 4 && answer.statusCode() != 409) {
                            throw new AssertionError("write refused: " + answer.statusCode() + " " + answer.body());
                        }
                        if (firstRefused == 0) {
                            firstRefused = System.nanoTime();
                        }
                        retries.incrementAndGet();
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }

        Thread.sleep(1000);
        Started c = start(VERSION_N1);
        assertThat(flywayRuns("90")).as("version N+1's migration, applied by its first node").isEqualTo(1);
        assertThat(send(c.port(), null, "GET", "/actuator/health/readiness", null, null).statusCode())
                .as("ready before the balancer sends it anything").isEqualTo(200);
        balancer.add(c.port());
        Thread.sleep(1000);
        String asOf = Instant.now().minusMillis(1).toString();
        String fundRead = "/api/funds/upgraded?asOf=" + asOf;
        assertThat(get(c.port(), fundRead)).as("old and new nodes answer alike").isEqualTo(get(a.port(), fundRead));

        balancer.remove(Integer.valueOf(a.port()));
        a.context().close();
        Started d = start(VERSION_N1);
        assertThat(send(d.port(), null, "GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        balancer.add(d.port());
        Thread.sleep(1000);
        balancer.remove(Integer.valueOf(b.port()));
        b.context().close();
        Thread.sleep(1000);
        stop.set(true);
        for (Future<?> f : work) {
            f.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(flywayRuns("90")).as("the second new node found it applied").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("select note from rolling_upgrade_probe where id = 1", String.class))
                .contains("N+1");
        assertThat(acknowledged).allSatisfy(seq -> assertThat(jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index = ?", Long.class, seq)).isEqualTo(1));
        long stored = jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like "
                + "'%Pledge%'", Long.class);
        assertThat(stored).as("every stored pledge write was acknowledged once, none twice")
                .isEqualTo(acknowledged.size());
        long longestStart = Math.max(c.startMillis(), d.startMillis());
        assertThat(longestRefusal.get()).as("no write refused longer than a node's start (%d ms)", longestStart)
                .isLessThanOrEqualTo(longestStart);
        HttpResponse<String> backup = send(d.port(), "admin", "POST", "/api/admin/backups", "{}", null);
        assertThat(backup.statusCode()).as("PostgreSQL is backed up with its own tools").isEqualTo(409);
        assertThat(backup.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(backup.body()).contains("pg_dump");
        JsonNode verification = JSON.readTree(get(d.port(), "/api/audit/verify"));
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        System.out.printf("rolling upgrade: %d writes acknowledged, %d retried, longest refusal %d ms, node starts "
                + "%d and %d ms%n", acknowledged.size(), retries.get(), longestRefusal.get(), c.startMillis(),
                d.startMillis());
    }

    private static long flywayRuns(String version) {
        return jdbc.queryForObject("select count(*) from flyway_schema_history where version = ?", Long.class,
                version);
    }

    private static String get(int port, String path) {
        return send(port, "auditor", "GET", path, null, null).body();
    }

    private static HttpResponse<String> send(int port, String user, String method, String path, String body,
                                             String key) {
        return LedgerNodes.send(port, user, user, method, path, body, key);
    }

    /** A write through the balancer: null when the node did not answer (it was stopping). */
    private static HttpResponse<String> sendQuietly(int port, String method, String path, String body, String key) {
        try {
            return send(port, "secretariat", method, path, body, key);
        } catch (AssertionError unreachable) {
            return null;
        }
    }
}
