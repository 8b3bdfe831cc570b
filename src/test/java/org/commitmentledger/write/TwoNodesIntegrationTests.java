package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.LedgerNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes of the service on one database, without aggregate caches as several nodes must run (ADR 0015). Each
 * node's writer takes the chain lock before it loads an aggregate (ADR 0020), so writes to one aggregate from both
 * nodes are judged one after the other against every committed event: recorded or refused, never 5xx or lost.
 */
class TwoNodesIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DEFAULT_PROFILE = {};

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static int[] ports;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() {
        String database = LedgerNodes.database("two-nodes-" + UUID.randomUUID());
        first = LedgerNodes.start(database, DEFAULT_PROFILE, "ledger.aggregate-cache.enabled=false");
        second = LedgerNodes.start(database, DEFAULT_PROFILE, "ledger.aggregate-cache.enabled=false");
        ports = new int[] {LedgerNodes.port(first), LedgerNodes.port(second)};
        jdbc = first.getBean(JdbcTemplate.class);
        for (int port : ports) {
            assertThat(send(port, "PUT", "/api/members/LIE", "{\"name\":\"Liechtenstein\",\"costShare\":\"0.5\","
                    + "\"effectiveAt\":\"2000-01-01T00:00:00Z\"}", null).statusCode()).isIn(200, 201, 409);
        }
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {second, first}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void revisionsOfOnePledgeFromBothNodesAreAllRecordedOrRefusedWithoutGaps() throws Exception {
        String fund = propose("f-" + UUID.randomUUID().toString().substring(0, 12), 0);
        assertThat(fund).isNotNull();
        String pledge = json(send(ports[0], "POST", "/api/pledges", """
                {"fundId":"%s","member":"LIE","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(fund), null)).get("pledgeId").asText();

        ConcurrentLinkedQueue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int port = ports[t % 2];
            int thread = t;
            clients.add(() -> {
                for (int i = 0; i < 8; i++) {
                    answers.add(send(port, "POST", "/api/pledges/" + pledge + "/revisions", """
                            {"amount":"%d","reason":"node race","kind":"REVISION",
                             "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(2000 + thread * 100 + i), null));
                }
                return null;
            });
        }
        runTogether(clients);

        long acknowledged = answers.stream().filter(a -> a.statusCode() == 200).count();
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 409);
            if (answer.statusCode() == 409) {
                assertThat(json(answer).get("type").asText()).endsWith("/concurrent-write");
            }
        }
        List<Long> sequences = jdbc.queryForList("select sequence_number from domain_event_entry "
                + "where aggregate_identifier = ? order by 1", Long.class, pledge);
        assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, 1 + acknowledged).boxed().toList());
    }

    @Test
    void proposingOneFundOnBothNodesAtOnceRecordsItOnceAndRefusesTheOther() throws Exception {
        for (int round = 0; round < 6; round++) {
            String fund = "f-" + UUID.randomUUID().toString().substring(0, 12);
            ConcurrentLinkedQueue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
            runTogether(List.of(
                    () -> answers.add(proposal(fund, 0)) ? null : null,
                    () -> answers.add(proposal(fund, 1)) ? null : null));

            assertThat(answers).extracting(HttpResponse::statusCode).as(answers.toString())
                    .containsExactlyInAnyOrder(201, 409);
            HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() == 409).findFirst()
                    .orElseThrow();
            assertThat(json(refused).get("detail").asText()).isEqualTo("fundId " + fund + " is already used");
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                    Integer.class, fund)).isEqualTo(1);
        }
    }

    @Test
    void anIdempotencyKeyIsHonouredByEveryNode() {
        String fund = propose("f-" + UUID.randomUUID().toString().substring(0, 12), 1);
        String key = "two-nodes-" + UUID.randomUUID();
        String body = """
                {"fundId":"%s","member":"LIE","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(fund);

        HttpResponse<String> first = send(ports[0], "POST", "/api/pledges", body, key);
        HttpResponse<String> retry = send(ports[1], "POST", "/api/pledges", body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(jdbc.queryForObject("select count(*) from pledge_directory where fund_id = ?", Integer.class,
                fund)).isEqualTo(1);
    }

    private static String propose(String fund, int node) {
        assertThat(proposal(fund, node).statusCode()).isEqualTo(201);
        return fund;
    }

    private static HttpResponse<String> proposal(String fund, int node) {
        return send(ports[node], "POST", "/api/funds", """
                {"fundId":"%s","name":"Two nodes","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2030-01-01T00:00:00Z",
                 "effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(fund), null);
    }

    private static void runTogether(List<Callable<Void>> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> client : clients) {
                running.add(pool.submit(() -> {
                    start.await();
                    return client.call();
                }));
            }
            start.countDown();
            for (Future<Void> client : running) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String body, String key) {
        return LedgerNodes.send(port, "secretariat", "secretariat", method, path, body, key);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
