package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The mark of a transaction holding the chain lock lasts exactly as long as that transaction. */
class ChainLockIntegrationTests extends LedgerHttpTest {

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theMarkHoldsInsideItsTransactionAndIsGoneOnceItCommits() {
        assertThat(ChainLock.heldForTheTransaction()).isFalse();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            assertThat(ChainLock.heldForTheTransaction()).as("before it is taken").isFalse();
            ChainLock.takeForTheTransaction(jdbc);
            assertThat(ChainLock.heldForTheTransaction()).as("once taken").isTrue();
        });
        assertThat(ChainLock.heldForTheTransaction()).as("after the commit").isFalse();
        new TransactionTemplate(transactions).executeWithoutResult(status ->
                assertThat(ChainLock.heldForTheTransaction()).as("in the next transaction").isFalse());
    }

    @Test
    void theMarkIsGoneOnceItsTransactionRollsBack() {
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            ChainLock.takeForTheTransaction(jdbc);
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(ChainLock.heldForTheTransaction()).isFalse();
    }
}
