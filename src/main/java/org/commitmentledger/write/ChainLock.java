package org.commitmentledger.write;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether the running transaction already holds the chain lock (the row lock on {@code chain_head}) for its whole
 * length. The writer takes it once per batch, before any command's savepoint, so a rollback to a savepoint cannot
 * release it (PostgreSQL releases locks taken after a savepoint when rolling back to it). An append inside such a
 * batch then reads the head without locking it again, and keeps what it reads as {@link BatchScoped} values.
 */
public final class ChainLock {

    private ChainLock() {
    }

    /** True inside a writer batch, which took the lock before anything else. */
    public static boolean heldForTheTransaction() {
        return BatchScoped.inBatch();
    }

    /**
     * Takes the chain lock for the rest of the running transaction and opens the batch's {@link BatchScoped} values,
     * which mark the transaction as holding it and end with it. Call it before any savepoint.
     */
    static void takeForTheTransaction(JdbcTemplate jdbc) {
        jdbc.queryForObject("select last_sequence from chain_head where id = 1 for update", Long.class);
        BatchScoped.open();
    }
}
