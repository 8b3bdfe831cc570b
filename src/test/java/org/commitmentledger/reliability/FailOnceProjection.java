package org.commitmentledger.reliability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.support.Projections;
import org.springframework.stereotype.Component;

/**
 * Test-only member of the projections group (picked up by component scanning in every test context): it fails the
 * first time it sees a pledge whose note starts with {@link #MARKER}, after the other projection handlers of the same
 * batch may already have written their rows, so that the batch must roll back and be retried.
 */
@Component
@ProcessingGroup(Projections.GROUP)
class FailOnceProjection {

    static final String MARKER = "fail-once:";
    static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
    /** How often each marked pledge was applied by this handler without failing. */
    static final java.util.Map<String, Integer> APPLIED = new ConcurrentHashMap<>();

    @EventHandler
    void on(PledgeMadeEvent event) {
        if (event.note() == null || !event.note().startsWith(MARKER)) {
            return;
        }
        if (FAILED.add(event.pledgeId())) {
            throw new IllegalStateException("injected projection failure for pledge " + event.pledgeId());
        }
        APPLIED.merge(event.pledgeId(), 1, Integer::sum);
    }
}
