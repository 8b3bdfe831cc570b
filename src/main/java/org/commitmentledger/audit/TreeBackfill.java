package org.commitmentledger.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the events of a store created before the Merkle tree their leaves (ADR 0021). SQL cannot compute the leaf
 * hashes, so this runs in Java after start, a page per transaction under the chain lock, idempotently: it continues
 * from the tree's last leaf, and stops when the tree reaches the chain head. An append that finds the tree behind
 * adds the missing leaves itself first, so the order of leaves is feed order whoever gets there first.
 */
@Component
class TreeBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(TreeBackfill.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    TreeBackfill(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        Thread worker = new Thread(() -> {
            try {
                long added = run();
                if (added > 0) {
                    LOG.info("the Merkle tree now covers {} events stored before it existed", added);
                }
            } catch (RuntimeException e) {
                LOG.warn("the Merkle tree backfill stopped; the next append or start continues it", e);
            }
        }, "merkle-backfill");
        worker.setDaemon(true);
        worker.start();
    }

    /** Adds the missing leaves, page by page; answers how many. */
    public long run() {
        long total = 0;
        while (true) {
            Long added = transactions.execute(status -> jdbc.execute((ConnectionCallback<Long>) connection -> {
                long chained;
                try (var lock = connection.prepareStatement(
                        "select last_sequence from chain_head where id = 1 for update");
                     var rs = lock.executeQuery()) {
                    rs.next();
                    chained = rs.getLong(1);
                }
                return TreeAppends.catchUp(connection, chained, TreeAppends.PAGE);
            }));
            if (added == null || added == 0) {
                return total;
            }
            total += added;
        }
    }
}
