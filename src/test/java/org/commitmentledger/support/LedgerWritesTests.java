package org.commitmentledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The write path sends a command again when it lost an optimistic-concurrency race, and only then. */
class LedgerWritesTests {

    private record Answer(String id, long aggregateSequence) {
    }

    private static final Object COMMAND = new Object();

    private final CommandGateway gateway = mock(CommandGateway.class);
    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final LedgerWrites writes = new LedgerWrites(gateway, jdbc, mock(ProjectionBarrier.class),
            new SimpleMeterRegistry());

    @BeforeEach
    void store() {
        when(jdbc.queryForObject(any(String.class), eq(Long.class), eq("p-1"), anyLong())).thenReturn(42L);
    }

    private Recorded<Answer> send() {
        return writes.send(COMMAND, Answer::id, Answer::aggregateSequence);
    }

    @Test
    void sendsACommandThatLostARaceAgainAndAnswersTheWinningAttempt() {
        when(gateway.sendAndWait(COMMAND))
                .thenThrow(new ConcurrencyException("sequence 7 taken"))
                .thenThrow(new CommandExecutionException("wrapped", new ConcurrencyException("sequence 8 taken")))
                .thenReturn(new Answer("p-1", 9));

        Recorded<Answer> recorded = send();

        assertThat(recorded.sequence()).isEqualTo(42L);
        assertThat(recorded.answer().aggregateSequence()).isEqualTo(9);
        verify(gateway, times(3)).sendAndWait(COMMAND);
    }

    @Test
    void answersConflictWhenEveryAttemptLosesTheRace() {
        when(gateway.sendAndWait(COMMAND)).thenThrow(new ConcurrencyException("taken"));

        assertThatThrownBy(this::send).isInstanceOf(ConcurrencyException.class);
        verify(gateway, times(LedgerWrites.ATTEMPTS)).sendAndWait(COMMAND);
    }

    @Test
    void aLostStreamCreationIsJudgedAgainAndEndsAsAConflictAtWorst() {
        when(gateway.sendAndWait(COMMAND)).thenThrow(new AggregateStreamCreationException("fund f exists"));

        assertThatThrownBy(this::send).isInstanceOf(ConcurrencyException.class)
                .hasCauseInstanceOf(AggregateStreamCreationException.class);
        verify(gateway, times(LedgerWrites.ATTEMPTS)).sendAndWait(COMMAND);
    }

    @Test
    void neverSendsARefusedCommandAgain() {
        when(gateway.sendAndWait(COMMAND)).thenThrow(new LedgerRuleViolation("pledge p-1 was withdrawn"));

        assertThatThrownBy(this::send).isInstanceOf(LedgerRuleViolation.class);
        verify(gateway, times(1)).sendAndWait(COMMAND);
    }
}
