package org.commitmentledger.write;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message and event identifiers as time-ordered UUIDs (version 7) instead of random ones: every event's
 * identifier goes into the event table's unique index, where a random key lands on a random page of an index that
 * grows with the history, and a time-ordered one at its end (ADR 0020). Registered through
 * {@code META-INF/services}, as Axon looks its factory up.
 */
public final class TimeOrderedIdentifierFactory extends IdentifierFactory {

    private static final TimeBasedEpochGenerator UUIDS = Generators.timeBasedEpochGenerator();

    @Override
    public String generateIdentifier() {
        return UUIDS.generate().toString();
    }
}
