package org.commitmentledger.write;

/**
 * Where the events appended in the running writer batch landed: the storage engine notes each one as it inserts it,
 * and the writer finds a command's event here instead of querying the event table for it. Rolled back with a
 * command's savepoint like every {@link BatchScoped} value.
 */
public final class AppendedEvents {

    /** The batch's appended events, newest first. */
    private static final BatchScoped<Appended> NEWEST = new BatchScoped<>(null);

    private AppendedEvents() {
    }

    private record Appended(String aggregateId, long aggregateSequence, long globalIndex, String payloadType,
                            Appended before) {
    }

    /** Notes an appended event; does nothing outside a writer batch, where nobody asks. */
    public static void note(String aggregateId, long aggregateSequence, long globalIndex, String payloadType) {
        if (BatchScoped.inBatch() && aggregateId != null) {
            NEWEST.set(new Appended(aggregateId, aggregateSequence, globalIndex, payloadType, NEWEST.get()));
        }
    }

    /** The global index and stored type of an event of this batch, or null if it was not noted. */
    static Located find(String aggregateId, long aggregateSequence) {
        // the command's own event is the newest or close to it: the walk is short
        for (Appended a = NEWEST.get(); a != null; a = a.before()) {
            if (a.aggregateSequence() == aggregateSequence && a.aggregateId().equals(aggregateId)) {
                return new Located(a.globalIndex(), a.payloadType());
            }
        }
        return null;
    }

    record Located(long globalIndex, String payloadType) {
    }
}
