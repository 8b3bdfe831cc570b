package org.commitmentledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.cache.CacheManager;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregate caches as {@link AxonConfig} makes them, without an application around them. */
class AggregateCachesTests {

    private final CacheManager caches = new AxonConfig().aggregateCacheManager();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        caches.close();
    }

    @Test
    void aFullCacheKeepsTheAggregatesWrittenLast() {
        // as pledges are used: each made once, then revised a few times soon after, while ever more are made
        Cache pledges = AxonConfig.aggregateCache(caches, "pledges", true, 1_000, meters);
        Random random = new Random(7);
        List<String> made = new ArrayList<>();
        int revisions = 0;
        int missed = 0;
        for (int i = 0; i < 20_000; i++) {
            String pledge = "pledge-" + i;
            pledges.put(pledge, new Object());
            made.add(pledge);
            String recent = made.get(made.size() - 1 - random.nextInt(Math.min(made.size(), 100)));
            revisions++;
            Object cached = pledges.get(recent);
            if (cached == null) {
                missed++;
            }
            pledges.put(recent, cached == null ? new Object() : cached);
        }

        // 20 times the cache's size went through it; of the last hundred made, nearly every one was still there (the
        // eviction compares a sample of entries, not all of them; Caffeine's frequency-based admission misses 43 % here)
        assertThat(missed).as("revisions of recent pledges that had to be read again, of %d", revisions)
                .isLessThan(revisions / 100);
        assertThat(meters.get("cache.evictions").tag("cache", "pledges").functionCounter().count())
                .as("what made room").isGreaterThanOrEqualTo(19_000);
    }

    @Test
    void anAggregateIsKeptAsItselfNotAsACopy() {
        Cache funds = AxonConfig.aggregateCache(caches, "funds", true, 10, meters);
        List<String> aggregate = new ArrayList<>(List.of("a live object"));

        funds.put("fund", aggregate);

        assertThat((Object) funds.get("fund")).isSameAs(aggregate);
    }

    @Test
    void hitsAndMissesAreCountedAsMicrometerCacheMeters() {
        Cache members = AxonConfig.aggregateCache(caches, "members", true, 10, meters);
        members.put("DEU", new Object());

        members.get("DEU");
        members.get("DEU");
        members.get("FRA");

        assertThat(meters.get("cache.gets").tags("cache", "members", "result", "hit", "kind", "aggregate")
                .functionCounter().count()).isEqualTo(2);
        assertThat(meters.get("cache.gets").tags("cache", "members", "result", "miss").functionCounter().count())
                .isEqualTo(1);
    }

    @Test
    void aDisabledCacheKeepsNothing() {
        Cache pledges = AxonConfig.aggregateCache(caches, "pledges", false, 10, meters);

        pledges.put("pledge", new Object());

        assertThat((Object) pledges.get("pledge")).isNull();
    }
}
