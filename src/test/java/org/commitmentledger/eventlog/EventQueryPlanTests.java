package org.commitmentledger.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/**
 * A fund's events are found through the aggregate index, the fund's by its id and its pledges' through the directory,
 * whatever the size of the store or of the fund: planned on the time index, the query read every event recorded by
 * asOf, seconds per read at a million events; written as one {@code in (… union all …)}, it ran the union again for
 * every event it looked at. (A page of the feed, which H2
 * planned on the time index too, has no such test: in a store as small as the tests' H2 already takes the primary
 * key for it; docs/benchmarks.md has its figures at a million events.)
 */
class EventQueryPlanTests extends LedgerHttpTest {

    @Test
    void aFundsEventsAreLookedUpByAggregateNotScannedByTime() {
        String fund = proposedFund("plan");
        String asOf = "9999-12-31T23:59:59.999Z";
        List<String> plan = jdbc.queryForList("explain " + StoredEvents.ALL_FUND_EVENTS, String.class, fund, asOf,
                fund, asOf);
        String shown = String.join("\n", plan);
        assertThat(shown).as("the plan of %s", StoredEvents.ALL_FUND_EVENTS)
                .containsPattern("(?i)uk_domain_event_aggregate_sequence_index\\w*: aggregate_identifier = \\?1")
                .containsPattern("(?i)uk_domain_event_aggregate_sequence_index\\w*: aggregate_identifier = d.pledge_id")
                .containsIgnoringCase("ix_pledge_directory_fund")
                .doesNotContainIgnoringCase("ix_domain_event_entry_time")
                .doesNotContainIgnoringCase(" in(");
    }
}
