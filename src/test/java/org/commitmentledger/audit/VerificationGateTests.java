package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** One full verification at a time: a caller during a run shares its answer, or is told when to come back. */
class VerificationGateTests {

    private static final ChainStore.Verification VALID =
            new ChainStore.Verification(true, 3, 3, "h", null, null, 1, 3, "r");

    @Test
    void aCallerDuringARunGetsThatRunsAnswerWithoutASecondRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        VerificationGate gate = new VerificationGate(() -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
            return VALID;
        }, Duration.ofSeconds(10));

        CompletableFuture<ChainStore.Verification> first = CompletableFuture.supplyAsync(gate::verify);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ChainStore.Verification> second = CompletableFuture.supplyAsync(gate::verify);
        Thread.sleep(100);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(VALID);
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(VALID);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(gate.verify()).isSameAs(VALID);
        assertThat(runs.get()).as("a call after the run starts a new one").isEqualTo(2);
    }

    @Test
    void aCallerWhoseWaitRunsOutIsToldToRetry() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        VerificationGate gate = new VerificationGate(() -> {
            started.countDown();
            await(release);
            return VALID;
        }, Duration.ofMillis(50));

        CompletableFuture<ChainStore.Verification> first = CompletableFuture.supplyAsync(gate::verify);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(gate::verify).isInstanceOfSatisfying(VerificationGate.Busy.class,
                busy -> assertThat(busy.retryAfterSeconds()).isPositive());
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(VALID);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
