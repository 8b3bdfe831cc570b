package org.commitmentledger.write;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value kept for the length of a writer batch and rolled back with a command's savepoint. The writer holds the chain
 * lock for its whole batch, so what an append reads and rewrites for every command (the chain's and the tree's head
 * rows) cannot change under it: the first append of a batch reads it, every later one takes it from here, and
 * {@code beforeCommit} writes the batch's last value once, just before the commit (ADR 0061). A command refused after
 * its append rolls back to its savepoint, and the savepoint restores every value as it was when it was set, so the
 * batch's value never counts a rolled-back event.
 *
 * <p>Values must be immutable: a savepoint keeps references, not copies. Outside a writer batch there is no value:
 * {@link #get()} answers null and the caller reads and writes the rows itself, as it must without the lock.
 */
public final class BatchScoped<T> {

    private static final Object KEY = new Object();

    private final Consumer<T> beforeCommit;

    /** {@code beforeCommit} receives the batch's last value, if one was set, before the commit; it may be null. */
    public BatchScoped(Consumer<T> beforeCommit) {
        this.beforeCommit = beforeCommit;
    }

    /** True inside a writer batch. */
    public static boolean inBatch() {
        return TransactionSynchronizationManager.hasResource(KEY);
    }

    /** The value the batch holds, or null when none was set or no writer batch runs. */
    @SuppressWarnings("unchecked")
    public T get() {
        Values values = values();
        return values == null ? null : (T) values.current.get(this);
    }

    /** Keeps {@code value} for the rest of the batch; refused outside one. */
    public void set(T value) {
        Values values = values();
        if (values == null) {
            throw new IllegalStateException("a batch-scoped value set outside a writer batch");
        }
        values.current.put(this, value);
    }

    private static Values values() {
        return (Values) TransactionSynchronizationManager.getResource(KEY);
    }

    /** Opens the values of a writer batch in the running transaction; they end with it. */
    static void open() {
        // values left by a transaction that never completed must not outlive this one either
        TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
        Values values = new Values();
        TransactionSynchronizationManager.bindResource(KEY, values);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                values.flush();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
        });
    }

    /** What a savepoint keeps: the values as they are now; null outside a writer batch. */
    static Object mark() {
        Values values = values();
        return values == null ? null : new LinkedHashMap<>(values.current);
    }

    /** Back to the values of {@code mark}, on a rollback to the savepoint that took it. */
    @SuppressWarnings("unchecked")
    static void restore(Object mark) {
        Values values = values();
        if (values != null && mark != null) {
            values.current.clear();
            values.current.putAll((Map<BatchScoped<?>, Object>) mark);
        }
    }

    private static final class Values {
        final Map<BatchScoped<?>, Object> current = new LinkedHashMap<>();

        @SuppressWarnings({"unchecked", "rawtypes"})
        void flush() {
            for (Map.Entry<BatchScoped<?>, Object> entry : current.entrySet()) {
                Consumer sink = entry.getKey().beforeCommit;
                if (sink != null && entry.getValue() != null) {
                    sink.accept(entry.getValue());
                }
            }
        }
    }
}
