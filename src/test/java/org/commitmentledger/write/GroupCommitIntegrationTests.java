package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The writer commits the commands waiting at one moment together (ADR 0020). Here the chain lock is held by the test
 * while requests queue up, so that they are certain to share one batch: the refused ones are answered 409 and the
 * others are recorded and answered as if alone.
 */
class GroupCommitIntegrationTests extends LedgerHttpTest {

    @Autowired
    private MeterRegistry meters;

    @Test
    void aRefusedCommandNeverRefusesTheOthersOfItsBatch() throws Exception {
        ensureMember("SVN", "1.5");
        ensureMember("SVK", "1.5");
        String fund = proposedFund("Batched");
        assertThat(as("secretariat").post("/api/funds/" + fund + "/opt-outs", """
                {"member":"SVK","reason":"out","effectiveAt":"2020-06-02T00:00:00Z"}""").status()).isEqualTo(200);
        long events = eventCount();
        double largestBatch = meters.get("ledger.write.batch.size").summary().max();

        int requests = 20;
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            // even: SVN participates; odd: SVK opted out, refused with 409
            String member = i % 2 == 0 ? "SVN" : "SVK";
            String body = """
                    {"fundId":"%s","member":"%s","amount":"%d","currency":"EUR","year":2025,
                     "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund, member, 100 + i);
            sends.add(() -> as("secretariat").post("/api/pledges", body));
        }
        List<Response> answers = inOneBatch(sends);
        int recorded = 0;
        for (int i = 0; i < requests; i++) {
            Response answer = answers.get(i);
            if (i % 2 == 0) {
                assertThat(answer.status()).as("request %d: %s", i, answer).isEqualTo(201);
                assertThat(answer.json().get("eurAmount").asText()).isEqualTo((100 + i) + ".00");
                recorded++;
            } else {
                assertThat(answer.status()).as("request %d: %s", i, answer).isEqualTo(409);
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        }

        assertThat(eventCount()).isEqualTo(events + recorded);
        assertThat(as("auditor").get("/api/funds/" + fund).json().get("pledgedEur").asText())
                .isEqualTo("1090.00");
        assertThat(meters.get("ledger.write.batch.size").summary().max())
                .as("the queued commands were committed in one batch").isGreaterThanOrEqualTo(
                        Math.max(largestBatch, requests / 2.0));
        assertThat(as("auditor").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    /**
     * The writer has taken one command and waits for the chain lock; the commands that queue meanwhile join that
     * command's transaction rather than waiting for a commit of their own (ADR 0065).
     */
    @Test
    void theCommandsQueuedWhileABatchRunsShareItsCommit() throws Exception {
        ensureMember("SVN", "1.5");
        String fund = proposedFund("Joined");
        String pledge = """
                {"fundId":"%s","member":"SVN","amount":"%d","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""";
        long events = eventCount();
        var batches = meters.get("ledger.write.batch").timer();
        long batchesBefore = batches.count();
        int later = 10;

        Callable<Response> first = () -> as("secretariat").post("/api/pledges", pledge.formatted(fund, 1));
        List<Callable<Response>> queued = new ArrayList<>();
        for (int i = 0; i < later; i++) {
            String body = pledge.formatted(fund, 100 + i);
            queued.add(() -> as("secretariat").post("/api/pledges", body));
        }
        // the writer takes the first alone and blocks on the chain lock; the others queue while it waits
        for (Response answer : whileTheChainIsLocked(List.of(List.of(first), queued))) {
            assertThat(answer.status()).isEqualTo(201);
        }

        assertThat(eventCount()).isEqualTo(events + later + 1);
        assertThat(batches.count() - batchesBefore).as("one commit for all").isEqualTo(1);
        assertThat(as("auditor").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    /**
     * A request whose Idempotency-Key belongs to another body runs its command, appends its event, and only then is
     * refused (ADR 0031): its savepoint must also take back the chain's and the tree's heads the batch keeps in memory
     * (ADR 0061), or the events after it would be chained to an event that was never committed.
     */
    @Test
    void aCommandRefusedAfterItsAppendLeavesTheChainAndTheTreeOfItsBatchAsIfItNeverRan() throws Exception {
        ensureMember("SVN", "1.5");
        String fund = proposedFund("Batched heads");
        String pledge = """
                {"fundId":"%s","member":"SVN","amount":"%d","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""";
        String key = "batched-heads-" + fund;
        assertThat(as("secretariat").post("/api/pledges", pledge.formatted(fund, 1), key).status()).isEqualTo(201);
        long events = eventCount();

        int requests = 12;
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            // odd: the key of the first pledge with another body, appended and then refused with 422
            String body = pledge.formatted(fund, 100 + i);
            sends.add(i % 2 == 0
                    ? () -> as("secretariat").post("/api/pledges", body)
                    : () -> as("secretariat").post("/api/pledges", body, key));
        }
        List<Response> answers = inOneBatch(sends);
        for (int i = 0; i < requests; i++) {
            Response answer = answers.get(i);
            assertThat(answer.status()).as("request %d: %s", i, answer).isEqualTo(i % 2 == 0 ? 201 : 422);
        }

        assertThat(eventCount()).isEqualTo(events + requests / 2);
        long last = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        assertThat(jdbc.queryForObject("select last_sequence from chain_head where id = 1", Long.class))
                .isEqualTo(last);
        assertThat(jdbc.queryForObject("select count(*) from event_chain", Long.class)).isEqualTo(eventCount());
        assertThat(jdbc.queryForObject("select tree_size from merkle_head where id = 1", Long.class))
                .isEqualTo(eventCount());
        assertThat(jdbc.queryForObject("select last_sequence from merkle_head where id = 1", Long.class))
                .isEqualTo(last);
        var verified = as("auditor").get("/api/audit/verify").json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("treeSize").asLong()).isEqualTo(eventCount());
    }

    /**
     * Sends the requests while the test holds the chain lock, so that they queue up and the writer takes them into one
     * batch once it is released; answers in the order of {@code sends}.
     */
    private List<Response> inOneBatch(List<Callable<Response>> sends) throws Exception {
        return whileTheChainIsLocked(List.of(sends));
    }

    /**
     * Holds the chain lock while it sends each wave of requests, a second apart, then releases it two seconds after
     * the last; answers in the order sent.
     */
    private List<Response> whileTheChainIsLocked(List<List<Callable<Response>>> waves) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(waves.stream().mapToInt(List::size).sum());
        try {
            List<Future<Response>> answers = new ArrayList<>();
            try (Connection lock = jdbc.getDataSource().getConnection(); Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.executeQuery("select last_sequence from chain_head where id = 1 for update").close();
                for (int w = 0; w < waves.size(); w++) {
                    if (w > 0) {
                        Thread.sleep(1_000);
                    }
                    for (Callable<Response> send : waves.get(w)) {
                        answers.add(clients.submit(send));
                    }
                }
                Thread.sleep(2_000);
                lock.commit();
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            clients.shutdown();
        }
    }
}
