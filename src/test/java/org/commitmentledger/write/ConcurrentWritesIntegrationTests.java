package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** Many clients writing to one pledge at once: nothing lost, nothing doubled, no 5xx, no gap in its timeline. */
class ConcurrentWritesIntegrationTests extends LedgerHttpTest {

    private static final int THREADS = 16;
    private static final int REVISIONS_PER_THREAD = 20;

    private record Write(BigDecimal amount, Response response) {
    }

    @Test
    void sixteenClientsRevisingOnePledgeLoseNoUpdate() throws Exception {
        ensureMember("LIE", "0.5");
        String fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Race","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2030-01-01T00:00:00Z",
                 "effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
        String pledge = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"LIE","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(fund)).json().get("pledgeId").asText();

        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                clients.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < REVISIONS_PER_THREAD; i++) {
                        BigDecimal amount = BigDecimal.valueOf(10_000L + thread * 1_000L + i);
                        String user = thread % 2 == 0 ? "secretariat" : "delegate-LIE";
                        Response response = as(user).post("/api/pledges/" + pledge + "/revisions", """
                                {"amount":"%s","reason":"thread %d, write %d","kind":"REVISION",
                                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(amount, thread, i));
                        writes.add(new Write(amount, response));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Write> acknowledged = writes.stream().filter(w -> w.response().status() / 100 == 2).toList();
        for (Write write : writes) {
            int status = write.response().status();
            assertThat(status).as(write.response().toString()).isIn(200, 409);
            if (status == 409) {
                assertThat(write.response().json().get("type").asText()).endsWith("/concurrent-write");
            }
        }

        List<Long> sequenceNumbers = jdbc.queryForList("select sequence_number from domain_event_entry "
                + "where aggregate_identifier = ? order by 1", Long.class, pledge);
        assertThat(sequenceNumbers).as("no gaps in the pledge's stream")
                .containsExactlyElementsOf(LongStream.range(0, sequenceNumbers.size()).boxed().toList());
        assertThat(sequenceNumbers).as("the pledge plus exactly one event per acknowledged revision")
                .hasSize(1 + acknowledged.size());
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, pledge)).as("later revisions were decided on a snapshot of the pledge (ADR 0014)")
                .isPositive();

        Map<Long, BigDecimal> recorded = new HashMap<>();
        for (JsonNode event : as("auditor").get("/api/pledges/" + pledge + "/history?limit=1000").json().get("events")) {
            if (event.get("type").asText().equals("PledgeRevised")) {
                recorded.put(event.get("sequence").asLong(), new BigDecimal(event.at("/payload/amount").asText()));
            }
        }
        assertThat(recorded).hasSize(acknowledged.size());
        for (Write write : acknowledged) {
            long sequence = write.response().json().get("sequence").asLong();
            assertThat(recorded.get(sequence)).as("the event the answer names is this write's")
                    .isEqualByComparingTo(write.amount());
        }
    }
}
