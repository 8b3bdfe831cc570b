package org.commitmentledger.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The write path shared by every endpoint: sends the command, and once it is committed finds the global sequence of
 * the event it recorded and waits until the projections have applied it (read-your-writes, ADR 0005). A command that
 * lost an optimistic concurrency race to another node is sent again (ADR 0008).
 */
@Component
public class LedgerWrites {

    /** Attempts per command when another node keeps winning the race for the same aggregate. */
    static final int ATTEMPTS = 3;

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final ProjectionBarrier barrier;
    private final Timer commandTime;
    private final Timer barrierTime;

    LedgerWrites(CommandGateway commands, JdbcTemplate jdbc, ProjectionBarrier barrier, MeterRegistry meters) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.barrier = barrier;
        this.commandTime = Timer.builder("ledger.write.command")
                .description("Handling and committing a write's command, races retried included").register(meters);
        this.barrierTime = Timer.builder("ledger.write.read-your-writes")
                .description("Waiting until the projections have applied a committed write").register(meters);
    }

    /**
     * Sends a command whose handler answers {@code R}; {@code aggregateId} and {@code aggregateSequence} locate the
     * event it recorded.
     */
    public <R> Recorded<R> send(Object command, Function<R, String> aggregateId,
                                ToLongFunction<R> aggregateSequence) {
        long t0 = System.nanoTime();
        R answer = sendWinningRaces(command);
        long sequence = globalSequenceOf(aggregateId.apply(answer), aggregateSequence.applyAsLong(answer));
        long t1 = System.nanoTime();
        commandTime.record(t1 - t0, TimeUnit.NANOSECONDS);
        barrier.awaitApplied(sequence);
        barrierTime.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
        return new Recorded<>(sequence, answer);
    }

    /**
     * One node serialises the commands of an aggregate (Axon's aggregate lock); two nodes can both load it at
     * sequence n and both append n + 1, and the store's unique key refuses the second in its transaction. That loser
     * recorded nothing, so sending the same command again (same ids, e.g. the pledge id chosen before sending) is
     * safe: it is judged afresh against the winner's event. Bounded; the last loss is answered 409.
     */
    private <R> R sendWinningRaces(Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(command);
            } catch (RuntimeException e) {
                RuntimeException lost = lostRace(e);
                if (lost == null) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw lost instanceof ConcurrencyException ? lost
                            : new ConcurrencyException("another node created the same aggregate first", lost);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(5, 20) * attempt));
            }
        }
    }

    /** The ConcurrencyException or AggregateStreamCreationException behind a failure, if it is one. */
    private static RuntimeException lostRace(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return (RuntimeException) cause;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }

    private long globalSequenceOf(String aggregateId, long aggregateSequence) {
        Long sequence = jdbc.queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                Long.class, aggregateId, aggregateSequence);
        if (sequence == null) {
            throw new IllegalStateException("recorded event " + aggregateId + "#" + aggregateSequence + " not found");
        }
        return sequence;
    }
}
