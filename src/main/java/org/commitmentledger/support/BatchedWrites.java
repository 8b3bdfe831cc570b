package org.commitmentledger.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Write-behind for projection handlers (ADR 0016). A streaming processor hands a whole batch of events to the
 * handlers in one unit of work and one transaction; a projection keeps what it read and what it will write in a
 * buffer of that unit of work, reads each aggregate's state once per batch, and writes its rows with JDBC batches in
 * the unit of work's prepare-commit phase, inside the same transaction as the processor's token. Memory is bounded by
 * the batch size. Outside a unit of work (a handler called directly) the buffer is flushed right after the handler.
 */
public final class BatchedWrites {

    /** Pending writes of one projection; {@link #flush()} writes them and forgets every cached read. */
    public interface Buffer {
        void flush();
    }

    private static final String RESOURCE = BatchedWrites.class.getName();

    private BatchedWrites() {
    }

    /** Runs {@code work} on this batch's buffer of {@code type}, creating it on first use. */
    public static <B extends Buffer> void write(Class<B> type, Supplier<B> create, Consumer<B> work) {
        if (!CurrentUnitOfWork.isStarted()) {
            B buffer = create.get();
            work.accept(buffer);
            buffer.flush();
            return;
        }
        work.accept(type.cast(buffers().computeIfAbsent(type, t -> create.get())));
    }

    /**
     * Writes every pending buffer of the current unit of work now, in the order they were first used (also done at
     * prepare-commit). For code that must read the batch's rows back with SQL before the batch commits.
     */
    public static void flushPending() {
        if (CurrentUnitOfWork.isStarted()) {
            flush(buffers());
        }
    }

    private static Map<Class<?>, Buffer> buffers() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            Map<Class<?>, Buffer> buffers = new LinkedHashMap<>();
            root.onPrepareCommit(unitOfWork -> flush(buffers));
            return buffers;
        });
    }

    private static void flush(Map<Class<?>, Buffer> buffers) {
        buffers.values().forEach(Buffer::flush);
    }
}
