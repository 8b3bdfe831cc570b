package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class AggregateCacheIntegrationTests extends LedgerHttpScenarios {

    @Autowired
    @Qualifier("memberCache")
    Cache members;

    @Autowired
    @Qualifier("fundCache")
    Cache funds;

    @Autowired
    @Qualifier("pledgeCache")
    Cache pledges;

    @Test
    void aPledgeLeavesTheMemberItWasJudgedAgainstTheFundAndItselfCached() {
        String fund = proposeFund();
        decide(fund);
        members.removeAll();
        funds.removeAll();

        String pledge = pledge(fund, "1000");

        assertThat(members.containsKey("DEU")).as("member judged for the pledge").isTrue();
        assertThat(funds.containsKey(fund)).as("fund judged for the pledge").isTrue();
        assertThat(pledges.containsKey(pledge)).as("the new pledge").isTrue();
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void aFundJudgedForOnePledgeIsServedFromTheCacheForTheNextOnes() {
        String fund = proposeFund();
        decide(fund);
        pledge(fund, "1000");
        double hits = funds("hit");
        double misses = funds("miss");

        pledge(fund, "2000");
        pledge(fund, "3000");

        assertThat(funds("miss") - misses).as("the fund's events read again").isZero();
        assertThat(funds("hit") - hits).as("the fund taken from the cache").isEqualTo(2);
    }

    private double funds(String result) {
        return meters.get("cache.gets").tags("cache", "funds", "result", result).functionCounter().count();
    }

    @Test
    void aCommandRolledBackAfterItsEventWasAppliedLeavesNoTraceInTheCachedAggregate() {
        String fund = proposeFund();
        decide(fund);
        String pledge = pledge(fund, "1000");
        String key = "cache-" + pledge;
        assertThat(as("secretariat").post("/api/pledges/" + pledge + "/revisions", revision("2000", "2024-06-01"), key)
                .status()).isEqualTo(200);

        // same key, other body: judged and applied, then rolled back and refused (ADR 0031)
        Response reused = as("secretariat").post("/api/pledges/" + pledge + "/revisions",
                revision("3000", "2024-09-01"), key);
        assertThat(reused.status()).as("%s", reused).isEqualTo(422);

        // had the rolled-back revision stayed in the cached pledge, its timeline would end 2024-09-01 and refuse this
        Response later = as("secretariat").post("/api/pledges/" + pledge + "/revisions", revision("2500", "2024-07-01"));
        assertThat(later.status()).as("%s", later).isEqualTo(200);
        assertThat(later.json().get("effectiveAt").asText()).isEqualTo("2024-07-01T00:00:00.000Z");
    }

    private static String revision(String amount, String day) {
        return "{\"amount\":\"%s\",\"kind\":\"REVISION\",\"reason\":\"budget\",\"effectiveAt\":\"%sT00:00:00Z\"}"
                .formatted(amount, day);
    }
}
