package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On H2 a commit is visible a moment before it is in the file (ADR 0067). The test stands in for the writer in that
 * moment, holding a commit "under way", and checks that nothing the ledger holds is handed out before it is stored:
 * not a read, not a replayed write answer; while a write, whose own commit is stored before it is answered, goes on.
 */
class AnsweredOnceStoredIntegrationTests extends LedgerHttpTest {

    @Autowired
    private StoredCommits storedCommits;

    @Test
    void theSharedDatabaseIsH2SoCommitsAreCounted() {
        assertThat(storedCommits.counted()).isTrue();
    }

    @Test
    void aReadIsAnsweredOnlyOnceTheCommitUnderWayIsStored() throws Exception {
        String fund = proposedFund("Stored first");
        long ticket = storedCommits.committing();
        try {
            CompletableFuture<Response> read = async(() -> as("auditor").get("/api/funds/" + fund));
            TimeUnit.MILLISECONDS.sleep(400);
            assertThat(read).as("a read answered while a commit it may have seen was not stored").isNotDone();

            storedCommits.stored(ticket);
            assertThat(read.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            storedCommits.stored(ticket);
        }
    }

    @Test
    void aRetryIsGivenTheFirstAnswerOnlyOnceTheCommitUnderWayIsStored() throws Exception {
        ensureMember("EST", "0.5");
        String fund = proposedFund("Replayed once stored");
        String body = """
                {"fundId":"%s","member":"EST","amount":"300","currency":"EUR","year":2025,
                 "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund);
        String key = "stored-" + UUID.randomUUID();
        Response first = as("secretariat").post("/api/pledges", body, key);
        assertThat(first.status()).isEqualTo(201);

        long ticket = storedCommits.committing();
        try {
            CompletableFuture<Response> retry = async(() -> as("secretariat").post("/api/pledges", body, key));
            TimeUnit.MILLISECONDS.sleep(400);
            assertThat(retry).as("a stored answer replayed while a commit was not stored").isNotDone();

            storedCommits.stored(ticket);
            Response replayed = retry.get(10, TimeUnit.SECONDS);
            assertThat(replayed.status()).isEqualTo(201);
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.body()).isEqualTo(first.body());
        } finally {
            storedCommits.stored(ticket);
        }
    }

    @Test
    void aWriteCountsItsCommitAndIsAnsweredWithoutWaitingForAnyOther() throws Exception {
        ensureMember("EST", "0.5");
        String fund = proposedFund("Counted");
        long ticket = storedCommits.committing();
        try {
            CompletableFuture<Response> write = async(() -> as("secretariat").post("/api/pledges", """
                    {"fundId":"%s","member":"EST","amount":"400","currency":"EUR","year":2025,
                     "effectiveAt":"2020-07-01T00:00:00Z"}""".formatted(fund)));
            assertThat(write.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
            long next = storedCommits.committing();
            storedCommits.stored(next);
            assertThat(next).as("the writer counted its own commit, after the test's").isGreaterThan(ticket + 1);
        } finally {
            storedCommits.stored(ticket);
        }
        assertThat(async(() -> as("auditor").get("/api/funds/" + fund)))
                .succeedsWithin(Duration.ofSeconds(10)).extracting(Response::status).isEqualTo(200);
    }

    private static CompletableFuture<Response> async(Supplier<Response> request) {
        return CompletableFuture.supplyAsync(request);
    }
}
