package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.commitmentledger.LedgerHttpScenarios;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holes in the global sequence (docs/reliability.md, "Gaps"): an append that is rolled back after its event took a
 * global index leaves that index unused for ever; a transaction that holds its index for a long time keeps every later
 * append waiting on the chain lock, so no higher index can commit before it. Each event's projection rows commit or
 * roll back with it, and a rebuild reads past the hole.
 */
class GlobalSequenceGapsIntegrationTests extends LedgerHttpScenarios {

    private static final Instant REGISTERED = Instant.parse("2001-01-01T00:00:00Z");

    @Autowired
    private EventStore events;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void eventsAfterARolledBackAppendAndBehindALongTransactionAreProjectedWithTheirCommit() throws Exception {
        String rolledBack = unusedMemberCode();
        String held = unusedMemberCode();
        String waiting = unusedMemberCode();

        // 1. an append whose unit of work fails after the event was stored: its global index stays unused
        AtomicLong hole = new AtomicLong();
        try {
            transactions.executeWithoutResult(tx -> {
                events.publish(registration(rolledBack));
                hole.set(globalIndexOf(rolledBack));
                throw new IllegalStateException("failure after the append, before the commit");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("before the commit");
        }
        assertThat(hole.get()).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where global_index = ?", Long.class,
                hole.get())).isZero();

        // 2. a transaction that takes the next index and holds it while a write over HTTP arrives
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong heldIndex = new AtomicLong();
        CompletableFuture<Void> longTransaction = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(
                tx -> {
                    events.publish(registration(held));
                    heldIndex.set(globalIndexOf(held));
                    appended.countDown();
                    await(release);
                }));
        await(appended);
        CompletableFuture<Response> write = CompletableFuture.supplyAsync(() -> as("secretariat").put(
                "/api/members/" + waiting, "{\"name\":\"" + waiting + "\",\"costShare\":\"0.1\","
                        + "\"effectiveAt\":\"2001-01-01T00:00:00Z\"}"));
        awaitBlockedSession();
        assertThat(write).as("the write waits for the chain lock while a lower index is uncommitted").isNotDone();
        release.countDown();
        longTransaction.get(30, TimeUnit.SECONDS);
        Response written = write.get(30, TimeUnit.SECONDS);
        assertThat(written.status()).as(written.toString()).isEqualTo(201);
        long writeIndex = written.json().get("sequence").asLong();

        assertThat(hole.get()).isLessThan(heldIndex.get());
        assertThat(heldIndex.get()).as("the held transaction kept the lower index").isLessThan(writeIndex);

        // 3. both committed events are projected with their commit, the rolled-back one is not; the hole is skipped
        assertThat(as("auditor").get("/api/members/" + waiting).status()).isEqualTo(200);
        assertThat(as("auditor").get("/api/members/" + held).status()).isEqualTo(200);
        assertThat(as("auditor").get("/api/members/" + rolledBack).status()).isEqualTo(404);
        List<Long> feed = feedSequencesFrom(hole.get() - 1);
        assertThat(feed).contains(heldIndex.get(), writeIndex).doesNotContain(hole.get());
    }

    private List<GenericDomainEventMessage<MemberRegisteredEvent>> registration(String code) {
        return List.of(new GenericDomainEventMessage<>("MemberAggregate", code, 0,
                new MemberRegisteredEvent(code, code, new BigDecimal("0.1"), REGISTERED)));
    }

    private long globalIndexOf(String aggregate) {
        Long index = jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ?",
                Long.class, aggregate);
        return index == null ? -1 : index;
    }

    /** Until H2 reports a session waiting for a lock held by another (bounded). */
    private void awaitBlockedSession() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Long blocked = jdbc.queryForObject("select count(*) from information_schema.sessions "
                    + "where blocker_id is not null", Long.class);
            if (blocked != null && blocked > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no session ever waited for the chain lock");
    }

    private List<Long> feedSequencesFrom(long after) {
        JsonNode page = as("auditor").get("/api/events?after=" + after + "&limit=1000").json();
        return java.util.stream.StreamSupport.stream(page.get("events").spliterator(), false)
                .map(e -> e.get("sequence").asLong()).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the other transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
