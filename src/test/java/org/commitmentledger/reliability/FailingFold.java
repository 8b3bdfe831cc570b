package org.commitmentledger.reliability;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.projection.api.Projections;
import org.springframework.stereotype.Component;

/**
 * Test-only member of the projections group (component scanning puts it in every test context): it fails on a pledge
 * whose note starts with {@link #MARKER}, after the append and the live fold have written that pledge's event, chain
 * link and rows in the transaction, as a broken fold would.
 */
@Component
@ProcessingGroup(Projections.GROUP)
class FailingFold {

    static final String MARKER = "fail-fold:";

    @EventHandler
    void on(PledgeMadeEvent event) {
        if (event.note() != null && event.note().startsWith(MARKER)) {
            throw new IllegalStateException("injected projection failure for pledge " + event.pledgeId());
        }
    }
}
