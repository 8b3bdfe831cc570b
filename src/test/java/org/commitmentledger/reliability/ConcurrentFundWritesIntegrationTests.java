package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.projection.ReferenceFold;
import org.junit.jupiter.api.Test;

/**
 * The fast variant of the one-fund case of {@link ConcurrencyReliabilityRun}: clients writing to one fund at once —
 * pledges to it (each judged against the fund, whose lock they take) and amendments of its terms (its own stream).
 * Every 2xx is exactly one event, the fund's sequence has no gap, and the fund's reads equal the reference fold.
 */
class ConcurrentFundWritesIntegrationTests extends LedgerHttpTest {

    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 5;
    private static final List<String> MEMBERS = List.of("SMR", "AND");

    private record Write(String tag, boolean amendment, Response response) {
    }

    @Test
    void clientsWritingToOneFundAtOnceGetExactlyOneEventPerAcknowledgedWrite() throws Exception {
        MEMBERS.forEach(code -> ensureMember(code, "0.5"));
        String fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Race","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2027-12-31","decisionDeadline":"2024-02-01T00:00:00Z",
                 "effectiveAt":"2024-01-02T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
        assertThat(as("secretariat").post("/api/funds/" + fund + "/decisions",
                "{\"effectiveAt\":\"2024-02-01T00:00:00Z\"}").status()).isEqualTo(200);

        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Random random = new Random(thread);
                clients.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < WRITES_PER_THREAD; n++) {
                        String tag = "op:" + fund + "-t" + thread + "-" + n + ";";
                        if (n % 5 == 4) {
                            writes.add(new Write(tag, true, as("secretariat").post("/api/funds/" + fund
                                    + "/amendments", """
                                    {"targetEur":"%d","periodStart":"2025-01-01","periodEnd":"2027-12-31",
                                     "decisionDeadline":"2030-01-01T00:00:00Z","reason":"%s"}"""
                                    .formatted(900_000 + random.nextInt(200_000), tag))));
                        } else {
                            String member = MEMBERS.get(thread % MEMBERS.size());
                            writes.add(new Write(tag, false, as(thread < 4 ? "secretariat" : "delegate-" + member)
                                    .post("/api/pledges", """
                                            {"fundId":"%s","member":"%s","amount":"%d","currency":"EUR","year":%d,
                                             "note":"%s"}""".formatted(fund, member, 1 + random.nextInt(50_000),
                                            2025 + random.nextInt(3), tag))));
                        }
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

        for (Write write : writes) {
            assertThat(write.response().status()).as(write.response().toString()).isIn(200, 201, 409);
        }
        // every acknowledged write is the one event its answer names; nothing refused was stored; nothing twice
        Map<Long, JsonNode> history = new HashMap<>();
        Map<String, Integer> tags = new HashMap<>();
        Pattern tag = Pattern.compile("op:" + Pattern.quote(fund) + "-t\\d+-\\d+;");
        for (JsonNode event : as("auditor").get("/api/funds/" + fund + "/history").json().get("events")) {
            history.put(event.get("sequence").asLong(), event);
            Matcher m = tag.matcher(event.get("payload").toString());
            if (m.find()) {
                tags.merge(m.group(), 1, Integer::sum);
            }
        }
        long acknowledgedAmendments = 0;
        for (Write write : writes) {
            if (write.response().status() == 409) {
                assertThat(tags).doesNotContainKey(write.tag());
                continue;
            }
            JsonNode event = history.get(write.response().json().get("sequence").asLong());
            assertThat(event).as("the event of %s", write.tag()).isNotNull();
            assertThat(event.get("payload").toString()).contains(write.tag());
            assertThat(tags.get(write.tag())).isEqualTo(1);
            acknowledgedAmendments += write.amendment() ? 1 : 0;
        }
        assertThat(tags.values()).allMatch(count -> count == 1);
        assertThat(writes.stream().filter(w -> !w.amendment() && w.response().status() / 100 == 2))
                .as("every pledge was admitted").hasSize(THREADS * WRITES_PER_THREAD * 4 / 5);

        List<Long> fundSequence = jdbc.queryForList("select sequence_number from domain_event_entry "
                + "where aggregate_identifier = ? order by 1", Long.class, fund);
        assertThat(fundSequence).as("proposal, decision and one event per acknowledged amendment, without a gap")
                .containsExactlyElementsOf(LongStream.range(0, 2 + acknowledgedAmendments).boxed().toList());

        // the fund's reads equal the fold of the stored events
        LedgerClient client = new LedgerClient(port);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> pledges = writes.stream().filter(w -> !w.amendment()).limit(5)
                .map(w -> w.response().json().get("pledgeId").asText()).toList();
        ProjectionReads reads = new ProjectionReads(List.of(new ProjectionReads.Point(now, now),
                new ProjectionReads.Point(now, Instant.parse("2024-06-01T00:00:00Z"))), List.of(fund), MEMBERS,
                pledges);
        Map<String, String> answers = reads.take(client);
        List<String> mismatches = new ArrayList<>();
        assertThat(reads.compareWithFold(answers, ReferenceFold.ofFeed(client.feed()), mismatches))
                .as("reads that differ from the reference fold: %s", mismatches).isZero();
    }
}
