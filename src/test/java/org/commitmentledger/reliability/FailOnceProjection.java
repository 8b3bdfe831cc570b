package org.commitmentledger.reliability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.support.BatchedWrites;
import org.commitmentledger.support.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Test-only member of the projections group (picked up by component scanning in every test context): the first time
 * it sees a pledge whose note starts with {@link #MARKER}, it fails its batch in the prepare-commit phase, after the
 * batch's projection rows have been written to the transaction ({@link BatchedWrites#flushPending()}) and checked to
 * be there, so that the batch must roll back and be retried.
 */
@Component
@ProcessingGroup(Projections.GROUP)
class FailOnceProjection {

    static final String MARKER = "fail-once:";
    static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
    /** How often each marked pledge was applied by this handler without failing. */
    static final java.util.Map<String, Integer> APPLIED = new ConcurrentHashMap<>();
    /** Pledge rows seen in the failing transaction just before it failed. */
    static final java.util.Map<String, Long> ROWS_WRITTEN_BEFORE_FAILURE = new ConcurrentHashMap<>();

    private final JdbcTemplate jdbc;

    FailOnceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PledgeMadeEvent event) {
        if (event.note() == null || !event.note().startsWith(MARKER)) {
            return;
        }
        if (FAILED.add(event.pledgeId())) {
            CurrentUnitOfWork.get().root().onPrepareCommit(unitOfWork -> {
                BatchedWrites.flushPending();
                ROWS_WRITTEN_BEFORE_FAILURE.put(event.pledgeId(), jdbc.queryForObject(
                        "select count(*) from pledge_version where pledge_id = ?", Long.class, event.pledgeId()));
                throw new IllegalStateException("injected projection failure for pledge " + event.pledgeId());
            });
            return;
        }
        APPLIED.merge(event.pledgeId(), 1, Integer::sum);
    }
}
