package org.commitmentledger.pledge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads a {@code PledgeMade} of revision 1 as revision 2: every pledge recorded before kinds existed was money, and
 * had no description (ADR 0037). It changes only what is read, never the stored bytes, which the hash chain covers.
 */
public final class PledgeMadeUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType FROM = new SimpleSerializedType("PledgeMade", "1");
    static final SimpleSerializedType TO = new SimpleSerializedType("PledgeMade", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return FROM.equals(event.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(TO, ObjectNode.class, payload -> {
            ObjectNode upcast = payload.deepCopy();
            upcast.put("kind", PledgeKind.MONEY.name());
            upcast.putNull("description");
            return upcast;
        });
    }
}
