package org.commitmentledger.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's transactions for the ledger (ADR 0020). Inside a Spring transaction — the writer's batch — a unit of work is a
 * JDBC savepoint, so a refused command rolls back its own statements and leaves the batch committable; Spring's
 * nested propagation cannot do this here (Hibernate's JPA dialect offers no savepoints), and a participating
 * transaction would mark the whole batch rollback-only. Outside one (the snapshotter's thread) it is Spring's own.
 * Within a command the writer already runs in a savepoint of its own ({@link #covered}), Axon's nested transactions
 * (the command's unit of work, the append, each event processor's unit of work) take no savepoint: any failure of
 * theirs refuses the command, and the writer then rolls back to the command's savepoint, which undoes them all.
 */
final class SavepointTransactionManager implements TransactionManager {

    private final DataSource dataSource;
    private final EntityManagerProvider entityManagers;
    private final TransactionManager outside;

    public SavepointTransactionManager(DataSource dataSource, EntityManagerProvider entityManagers,
                                       TransactionManager outside) {
        this.dataSource = dataSource;
        this.entityManagers = entityManagers;
        this.outside = outside;
    }

    /** Set while the writer runs a command inside a savepoint that covers every nested transaction. */
    private static final ThreadLocal<Boolean> COVERED = new ThreadLocal<>();

    /**
     * Runs {@code command} with the calling thread's Axon transactions covered by the savepoint the caller holds.
     * Only for work whose every failure reaches the caller, which then rolls back to that savepoint.
     */
    static <T> T covered(Supplier<T> command) {
        COVERED.set(Boolean.TRUE);
        try {
            return command.get();
        } finally {
            COVERED.remove();
        }
    }

    @Override
    public Transaction startTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return outside.startTransaction();
        }
        if (COVERED.get() != null) {
            return COVERED_TRANSACTION;
        }
        Mark savepoint = savepoint(dataSource, entityManagers);
        return new Transaction() {
            @Override
            public void commit() {
                release(dataSource, savepoint);
            }

            @Override
            public void rollback() {
                rollbackTo(dataSource, entityManagers, savepoint);
            }
        };
    }

    /** Commits and rolls back nothing itself: the covering savepoint does both. */
    private static final Transaction COVERED_TRANSACTION = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    /** A savepoint with the batch's {@link BatchScoped} values as they were when it was set. */
    record Mark(Savepoint savepoint, Object values) {
    }

    /** A savepoint on the current transaction's connection, after the persistence context's pending writes. */
    static Mark savepoint(DataSource dataSource, EntityManagerProvider entityManagers) {
        entityManagers.getEntityManager().flush();
        try {
            return new Mark(connection(dataSource).setSavepoint(), BatchScoped.mark());
        } catch (SQLException e) {
            throw new TransactionSystemException("could not set a savepoint", e);
        }
    }

    static void release(DataSource dataSource, Mark savepoint) {
        try {
            connection(dataSource).releaseSavepoint(savepoint.savepoint());
        } catch (SQLException e) {
            throw new TransactionSystemException("could not release a savepoint", e);
        }
    }

    /**
     * Rolls the connection back to {@code savepoint}, and the batch's {@link BatchScoped} values with it, and empties
     * the persistence context: entities written after the savepoint would otherwise stay managed as if stored.
     * Everything before it was flushed when it was set.
     */
    static void rollbackTo(DataSource dataSource, EntityManagerProvider entityManagers, Mark savepoint) {
        try {
            connection(dataSource).rollback(savepoint.savepoint());
        } catch (SQLException e) {
            throw new TransactionSystemException("could not roll back to a savepoint", e);
        }
        BatchScoped.restore(savepoint.values());
        EntityManager entityManager = entityManagers.getEntityManager();
        entityManager.clear();
    }

    private static Connection connection(DataSource dataSource) {
        return DataSourceUtils.getConnection(dataSource);
    }
}
