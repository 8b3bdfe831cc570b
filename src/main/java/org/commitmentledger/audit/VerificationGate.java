package org.commitmentledger.audit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one full verification at a time on this node (ADR 0023): it reads every event, so concurrent runs would only
 * multiply the load. A caller who arrives during a run waits for that run's answer, up to a bound; beyond it the
 * caller is told to come back ({@link Busy}), with how long the run has taken so far as the hint.
 */
public class VerificationGate {

    private final Supplier<ChainStore.Verification> verification;
    private final Duration wait;
    private CompletableFuture<ChainStore.Verification> running;
    private long runningSince;

    VerificationGate(Supplier<ChainStore.Verification> verification, Duration wait) {
        this.verification = verification;
        this.wait = wait;
    }

    /** Thrown when the run under way did not finish within the wait. */
    public static final class Busy extends RuntimeException {
        private final long retryAfterSeconds;

        Busy(long retryAfterSeconds) {
            super("a full verification is already running; its answer was not ready within the wait");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The answer of a full verification: a new run, or the one under way when this call came in. */
    public ChainStore.Verification verify() {
        CompletableFuture<ChainStore.Verification> run;
        boolean mine = false;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                runningSince = System.nanoTime();
                mine = true;
            }
            run = running;
        }
        if (mine) {
            try {
                run.complete(verification.get());
            } catch (RuntimeException | Error e) {
                run.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    running = null;
                }
            }
        }
        return await(run).orElseThrow(() -> new Busy(retryAfter()));
    }

    private Optional<ChainStore.Verification> await(CompletableFuture<ChainStore.Verification> run) {
        try {
            return Optional.of(run.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private synchronized long retryAfter() {
        if (running == null) {
            return 1;
        }
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - runningSince);
        return Math.max(1, Math.min(60, elapsed));
    }
}
