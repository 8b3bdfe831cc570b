package org.commitmentledger.eventlog.stored;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.commitmentledger.pledge.api.PledgeMadeUpcaster;

/**
 * Every upcaster of stored events, in the order they apply (ADR 0036). The event store reads through this chain (it is
 * a Spring bean, which Axon's configuration gives the store), and so do a projection rebuild and the fixture tests. A
 * new revision of an event adds its upcaster here, after those of the older revisions of the same event.
 */
public final class Upcasters {

    private Upcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                new PledgeMadeUpcaster());
    }
}
