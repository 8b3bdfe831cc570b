package org.commitmentledger.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/**
 * A fund's events are found through the aggregate index, whatever the size of the store: planned on the time index,
 * the query read every event recorded by asOf, seconds per read at a million events. (A page of the feed, which H2
 * planned on the time index too, has no such test: in a store as small as the tests' H2 already takes the primary
 * key for it; docs/benchmarks.md has its figures at a million events.)
 */
class EventQueryPlanTests extends LedgerHttpTest {

    @Test
    void aFundsEventsAreLookedUpByAggregateNotScannedByTime() {
        String fund = proposedFund("plan");
        List<String> plan = jdbc.queryForList("explain " + StoredEvents.FUND_EVENTS, String.class, fund, fund,
                "9999-12-31T23:59:59.999Z");
        assertThat(String.join("\n", plan)).as("the plan of %s", StoredEvents.FUND_EVENTS)
                .containsIgnoringCase("uk_domain_event_aggregate_sequence_index")
                .doesNotContainIgnoringCase("ix_domain_event_entry_time");
    }
}
