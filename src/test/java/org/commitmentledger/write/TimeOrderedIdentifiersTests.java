package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

/** Axon finds the ledger's identifier factory, and the identifiers it gives events grow in time order. */
class TimeOrderedIdentifiersTests {

    @Test
    void axonGivesEventsTimeOrderedIdentifiers() throws InterruptedException {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            identifiers.add(GenericEventMessage.asEventMessage("event " + i).getIdentifier());
            Thread.sleep(2);
        }
        assertThat(identifiers).isSorted().allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
    }
}
