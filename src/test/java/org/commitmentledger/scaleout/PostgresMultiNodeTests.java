package org.commitmentledger.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The scale-out path for real: two application contexts on one PostgreSQL schema (of the server at
 * LEDGER_POSTGRES_URL, or an embedded one), writes spread over both from several threads, one node stopped mid-way
 * and started again (ADR 0012), then a rebuild on one node while the other keeps serving (ADR 0020); and a writer
 * batch on PostgreSQL with commands refused after their append (ADR 0062).
 */
@RequiresPostgres
class PostgresMultiNodeTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SCHEMA = "ledger_test_" + Long.toHexString(System.nanoTime());

    private static PostgresDatabase db;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() {
        db = PostgresDatabase.get();
        nodeA = start();
        nodeB = start();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(db.urlWithSchema(SCHEMA), db.user(), db.password(),
                true));
    }

    @AfterAll
    static void stopAndDropSchema() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (db == null) {
            return;
        }
        try (Connection c = db.connect()) {
            c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /** The postgres profile has no demo users (ADR 0025): these are configured, each password = user name. */
    private static final String[] USERS = users("auditor", "AUDITOR", "secretariat", "SECRETARIAT", "admin", "ADMIN");

    static ConfigurableApplicationContext start() {
        // command-line arguments: they win over application.yml (builder properties would not)
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.urlWithSchema(SCHEMA),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.flyway.schemas=" + SCHEMA,
                "--" + LedgerNodes.signingKeyProperty(),
                // a requested rebuild holds 3 s after its load, so the other node is certain to serve meanwhile
                "--ledger.faults.rebuild-pause-after-load=PT3S",
                "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(USERS));
        return new SpringApplicationBuilder(LedgerApplication.class).profiles("postgres")
                .run(arguments.toArray(String[]::new));
    }

    private static String[] users(String... nameAndRole) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < nameAndRole.length; i += 2) {
            String prefix = "--ledger.security.users[" + i / 2 + "].";
            arguments.add(prefix + "name=" + nameAndRole[i]);
            arguments.add(prefix + "password-hash={bcrypt}" + bcrypt.encode(nameAndRole[i]));
            arguments.add(prefix + "role=" + nameAndRole[i + 1]);
        }
        return arguments.toArray(String[]::new);
    }

    @Test
    void storesEveryAcknowledgedWriteOnceAndBothNodesServeThroughARebuildOnOne() throws Exception {
        Node a = new Node(nodeA);
        Node b = new Node(nodeB);
        assertThat(a.put("/api/members/DEU", "{\"name\":\"Germany\",\"costShare\":\"16\",\"effectiveAt\":\"2020-01-01T00:00:00Z\"}").status).isEqualTo(201);
        assertThat(b.put("/api/members/FRA", "{\"name\":\"France\",\"costShare\":\"10\",\"effectiveAt\":\"2020-01-01T00:00:00Z\"}").status).isEqualTo(201);
        assertThat(a.post("/api/funds", "{\"fundId\":\"shared\",\"name\":\"Shared\",\"targetEur\":\"1000000\","
                + "\"periodStart\":\"2025-01-01\",\"periodEnd\":\"2025-12-31\",\"decisionDeadline\":\"2021-01-01T00:00:00Z\","
                + "\"effectiveAt\":\"2020-06-01T00:00:00Z\"}").status).isEqualTo(201);
        assertThat(b.post("/api/funds/shared/decisions", "{\"effectiveAt\":\"2021-01-02T00:00:00Z\"}").status).isEqualTo(200);
        long before = count("select count(*) from domain_event_entry");

        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Node> second = new AtomicReference<>(b);
        int threads = 4;
        int writesPerThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                String pledge = null;
                for (int i = 0; i < writesPerThread; i++) {
                    Node node = (i + thread) % 2 == 0 ? a : second.get();
                    Answer answer;
                    if (pledge == null) {
                        answer = node.post("/api/pledges", "{\"fundId\":\"shared\",\"member\":\""
                                + (thread % 2 == 0 ? "DEU" : "FRA") + "\",\"amount\":\"100\",\"currency\":\"EUR\","
                                + "\"year\":2025,\"effectiveAt\":\"2022-01-01T00:00:00Z\"}");
                        if (answer.status == 201) {
                            pledge = answer.json.get("pledgeId").asText();
                        }
                    } else {
                        answer = node.post("/api/pledges/" + pledge + "/revisions", "{\"amount\":\"" + (100 + i)
                                + "\",\"kind\":\"REVISION\",\"reason\":\"r" + i + "\"}");
                    }
                    if (answer.status / 100 == 2) {
                        acknowledged.add(answer.json.get("sequence").asLong());
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // mid-way, node B stops (its in-flight requests fail) and starts again on the same store
        Thread.sleep(1500);
        Node stopped = second.get();
        nodeB.close();
        nodeB = start();
        second.set(new Node(nodeB));
        for (Future<?> f : work) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        long stored = count("select count(*) from domain_event_entry") - before;
        long distinct = count("select count(distinct global_index) from domain_event_entry");
        assertThat(acknowledged).allSatisfy(seq -> assertThat(count(
                "select count(*) from domain_event_entry where global_index = " + seq)).isEqualTo(1));
        assertThat(stored).isGreaterThanOrEqualTo(acknowledged.size());
        assertThat(stored - acknowledged.size()).as("stored but unacknowledged writes").isLessThanOrEqualTo(failed.get());
        assertThat(distinct).isEqualTo(count("select count(*) from domain_event_entry"));
        // per-aggregate sequence numbers have no gaps and no duplicates
        assertThat(count("select count(*) from (select aggregate_identifier from domain_event_entry group by "
                + "aggregate_identifier having max(sequence_number) + 1 <> count(*)) gaps")).isZero();
        System.out.printf("multi-node: acknowledged=%d stored=%d failed-requests=%d duplicates=0 stopped=%s%n",
                acknowledged.size(), stored, failed.get(), stopped != null);

        Node b2 = second.get();
        String asOf = Instant.now().minusMillis(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        List<String> reads = List.of("/api/funds/shared?asOf=" + asOf, "/api/funds/shared/fair-shares?asOf=" + asOf,
                "/api/funds/shared/timeline?asOf=" + asOf, "/api/funds?asOf=" + asOf);
        List<String> onA = reads.stream().map(p -> a.get(p).body).toList();
        List<String> onB = reads.stream().map(p -> b2.get(p).body).toList();
        assertThat(onB).isEqualTo(onA);

        // a rebuild on node A while node B keeps serving: every read on B answers in full, then both switch
        int generation = a.getAs("admin", "/api/admin/projections").json.get("live").get("generation").asInt();
        assertThat(new Node(nodeA).postAs("admin", "/api/admin/projections/rebuild", "{}").status).isEqualTo(202);
        assertThat(b2.postAs("admin", "/api/admin/projections/rebuild", "{}").status).as("one rebuild at a time, "
                + "across nodes").isEqualTo(409);
        int readsDuringRebuild = 0;
        for (int i = 0; b2.getAs("admin", "/api/admin/projections").json.get("rebuilding").asBoolean(); i++) {
            assertThat(b2.get(reads.get(i % reads.size())).body).isEqualTo(onA.get(i % reads.size()));
            readsDuringRebuild++;
        }
        awaitCaughtUp(a);
        for (Node node : List.of(a, b2)) {
            assertThat(node.getAs("admin", "/api/admin/projections").json.get("live").get("generation").asInt())
                    .isEqualTo(generation + 1);
        }
        assertThat(reads.stream().map(p -> a.get(p).body).toList()).isEqualTo(onA);
        assertThat(reads.stream().map(p -> b2.get(p).body).toList()).isEqualTo(onA);
        // a write on either node is read on the other at once, from the new generation
        Answer revised = b2.post("/api/funds/shared/amendments", "{\"targetEur\":\"2000000\",\"periodStart\":"
                + "\"2025-01-01\",\"periodEnd\":\"2025-12-31\",\"decisionDeadline\":\"2030-01-01T00:00:00Z\","
                + "\"reason\":\"more\"}");
        assertThat(revised.status).as(revised.body).isEqualTo(200);
        assertThat(a.get("/api/funds/shared/rounds").json.get("rounds")).hasSize(2);
        System.out.printf("multi-node rebuild: %d reads on node B during node A's rebuild, all in full%n",
                readsDuringRebuild);
        assertThat(count("select count(*) from pg_largeobject_metadata")).isZero();
        assertThat(jdbc.queryForList("select data_type from information_schema.columns where table_schema = '"
                + SCHEMA + "' and column_name in ('payload', 'meta_data', 'token')", String.class))
                .isNotEmpty().allMatch("bytea"::equals);
        assertThat(new Node(nodeA).get("/api/audit/verify").json.get("valid").asBoolean()).isTrue();
    }

    /**
     * On PostgreSQL a writer batch leaves its commands' savepoints open and inserts its chain links and tree rows at
     * its commit (ADR 0062). Requests reusing an Idempotency-Key with another body are appended and then rolled back
     * to their savepoint (ADR 0031): in the middle of a batch, with the savepoints of earlier commands still open, that
     * must take back their events, links and tree rows, and nothing of the commands around them.
     */
    @Test
    void aBatchWithCommandsRefusedAfterTheirAppendCommitsTheOthersWithAnUnbrokenChainAndTree() throws Exception {
        Node a = new Node(nodeA);
        assertThat(a.put("/api/members/EST", "{\"name\":\"Estonia\",\"costShare\":\"0.5\","
                + "\"effectiveAt\":\"2020-01-01T00:00:00Z\"}").status).isEqualTo(201);
        assertThat(a.post("/api/funds", "{\"fundId\":\"pg-batched\",\"name\":\"Batched\",\"targetEur\":\"1000000\","
                + "\"periodStart\":\"2025-01-01\",\"periodEnd\":\"2025-12-31\",\"decisionDeadline\":"
                + "\"2021-01-01T00:00:00Z\",\"effectiveAt\":\"2020-06-01T00:00:00Z\"}").status).isEqualTo(201);
        String pledge = "{\"fundId\":\"pg-batched\",\"member\":\"EST\",\"amount\":\"%d\",\"currency\":\"EUR\","
                + "\"year\":2025,\"effectiveAt\":\"2020-07-01T00:00:00Z\"}";
        String key = "pg-batched-" + SCHEMA;
        assertThat(a.send("secretariat", "POST", "/api/pledges", pledge.formatted(1), key).status).isEqualTo(201);
        long events = count("select count(*) from domain_event_entry");

        int requests = 12;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<Future<Answer>> answers = new ArrayList<>();
        try (Connection lock = db.connect()) {
            // the writer's batch waits for the chain lock while the requests queue up behind it
            lock.setSchema(SCHEMA);
            lock.setAutoCommit(false);
            lock.createStatement().executeQuery("select last_sequence from chain_head where id = 1 for update")
                    .close();
            for (int i = 0; i < requests; i++) {
                // odd: the key of the first pledge with another body, appended and then refused with 422
                String body = pledge.formatted(100 + i);
                boolean reusesKey = i % 2 == 1;
                answers.add(clients.submit(() -> reusesKey
                        ? a.send("secretariat", "POST", "/api/pledges", body, key) : a.post("/api/pledges", body)));
            }
            Thread.sleep(2_000);
            lock.commit();
        }
        for (int i = 0; i < requests; i++) {
            Answer answer = answers.get(i).get(60, TimeUnit.SECONDS);
            assertThat(answer.status).as("request %d: %s", i, answer.body).isEqualTo(i % 2 == 0 ? 201 : 422);
        }
        clients.shutdown();

        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(events + requests / 2);
        long last = count("select max(global_index) from domain_event_entry");
        long total = count("select count(*) from domain_event_entry");
        assertThat(count("select last_sequence from chain_head where id = 1")).isEqualTo(last);
        assertThat(count("select count(*) from event_chain")).isEqualTo(total);
        assertThat(count("select tree_size from merkle_head where id = 1")).isEqualTo(total);
        assertThat(count("select last_sequence from merkle_head where id = 1")).isEqualTo(last);
        JsonNode verified = a.get("/api/audit/verify").json;
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("treeSize").asLong()).isEqualTo(total);
    }

    private static void awaitCaughtUp(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!node.getAs("admin", "/api/admin/projections").json.get("rebuilding").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the rebuild did not finish: " + node.getAs("admin", "/api/admin/projections").body);
    }

    private static long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    record Answer(int status, String body, JsonNode json) {
    }

    static final class Node {
        final int port;

        Node(ConfigurableApplicationContext context) {
            this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        Answer get(String path) {
            return send("auditor", "GET", path, null);
        }

        Answer getAs(String user, String path) {
            return send(user, "GET", path, null);
        }

        Answer post(String path, String body) {
            return send("secretariat", "POST", path, body);
        }

        Answer postAs(String user, String path, String body) {
            return send(user, "POST", path, body);
        }

        Answer put(String path, String body) {
            return send("secretariat", "PUT", path, body);
        }

        Answer send(String user, String method, String path, String body) {
            return send(user, method, path, body, null);
        }

        Answer send(String user, String method, String path, String body, String idempotencyKey) {
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
                if (idempotencyKey != null) {
                    builder.header("Idempotency-Key", idempotencyKey);
                }
                HttpRequest request = builder
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                (user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode json = null;
                try {
                    json = JSON.readTree(response.body());
                } catch (Exception ignored) {
                    // not JSON: kept as body only
                }
                return new Answer(response.statusCode(), response.body(), json);
            } catch (Exception e) {
                return new Answer(0, String.valueOf(e), null);
            }
        }
    }

}
