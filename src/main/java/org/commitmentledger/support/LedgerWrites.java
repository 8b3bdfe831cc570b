package org.commitmentledger.support;

import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The write path shared by every endpoint: sends the command, and once it is committed finds the global sequence of
 * the event it recorded and waits until the projections have applied it (read-your-writes, ADR 0005).
 */
@Component
public class LedgerWrites {

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final ProjectionBarrier barrier;

    LedgerWrites(CommandGateway commands, JdbcTemplate jdbc, ProjectionBarrier barrier) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.barrier = barrier;
    }

    /**
     * Sends a command whose handler answers {@code R}; {@code aggregateId} and {@code aggregateSequence} locate the
     * event it recorded.
     */
    public <R> Recorded<R> send(Object command, Function<R, String> aggregateId,
                                ToLongFunction<R> aggregateSequence) {
        R answer = commands.sendAndWait(command);
        long sequence = globalSequenceOf(aggregateId.apply(answer), aggregateSequence.applyAsLong(answer));
        barrier.awaitApplied(sequence);
        return new Recorded<>(sequence, answer);
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
