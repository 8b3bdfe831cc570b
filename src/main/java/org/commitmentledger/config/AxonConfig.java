package org.commitmentledger.config;

import org.commitmentledger.eventlog.EventJson;
import org.commitmentledger.eventlog.stored.StableNameSerializer;
import org.commitmentledger.security.api.Actor;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Axon on its JPA event store, with a serializer whose JSON we pinned ourselves (ADR 0001). */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * The one serializer for events, messages and tokens. It owns its ObjectMapper, so nothing configured for the
     * HTTP API can change how stored events look. Events and snapshots are stored under stable names (ADR 0035).
     */
    @Bean
    @Primary
    Serializer serializer() {
        return StableNameSerializer.over(EventJson.mapper());
    }

    /**
     * Axon's JPA token store, with a node id unique to this application instance: two instances in one JVM (or a
     * restarted one) must never take each other's segment claims for their own (ADR 0012).
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
                          @Value("${ledger.node-id:}") String nodeId,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:PT10S}") Duration claimTimeout) {
        String id = nodeId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : nodeId;
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(id)
                .build();
    }

    /**
     * One cache per aggregate type (ids of different types must never meet in one cache). A single node keeps the
     * aggregates it has loaded instead of reading their events again for every command; an entry is dropped when
     * its unit of work rolls back. Several nodes sharing a store must not use it: a node would judge a pledge
     * against a fund it cached before another node changed it (ADR 0015), so the postgres profile turns it off.
     * The caches hold their entries strongly, up to {@code ledger.aggregate-cache.size} each: weakly held entries
     * went with every young collection, and a command then read the member's and the fund's events again (ADR 0054).
     * A full cache makes room by dropping the least recently used of a few entries it samples (Ehcache), so the
     * aggregates written last stay: a pledge is revised soon after it is made (ADR 0068). Each application context
     * has its own cache manager, so two nodes in one JVM never share an entry.
     */
    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching.getCachingProvider(
                EhcacheCachingProvider.class.getName(), AxonConfig.class.getClassLoader());
        // configured here, not from an XML file: a cache manager's URI names its configuration file otherwise
        return provider.getCacheManager(URI.create("ledger-aggregates-" + UUID.randomUUID()),
                new DefaultConfiguration(AxonConfig.class.getClassLoader()));
    }

    @Bean
    Cache memberCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                      @Value("${ledger.aggregate-cache.size:10000}") long size, MeterRegistry meters) {
        return aggregateCache(caches, "members", enabled, size, meters);
    }

    @Bean
    Cache fundCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                    @Value("${ledger.aggregate-cache.size:10000}") long size, MeterRegistry meters) {
        return aggregateCache(caches, "funds", enabled, size, meters);
    }

    @Bean
    Cache pledgeCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                      @Value("${ledger.aggregate-cache.size:10000}") long size, MeterRegistry meters) {
        return aggregateCache(caches, "pledges", enabled, size, meters);
    }

    static Cache aggregateCache(CacheManager caches, String name, boolean enabled, long size, MeterRegistry meters) {
        if (!enabled) {
            return NoCache.INSTANCE;
        }
        // on the heap, by reference (no copier): aggregates are live objects, not values to copy
        javax.cache.Cache<Object, Object> cache = caches.createCache(name, Eh107Configuration
                .fromEhcacheCacheConfiguration(CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class,
                        Object.class, ResourcePoolsBuilder.heap(size))));
        // hits, misses and evictions as Micrometer's cache meters (cache.gets, cache.evictions, cache.puts): a miss is
        // a read of the aggregate's snapshot and events on the write path
        caches.enableStatistics(name, true);
        JCacheMetrics.monitor(meters, cache, Tags.of("kind", "aggregate"));
        return new JCacheAdapter(cache);
    }

    /** Copies the actor of each command into the metadata of every event it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.METADATA_KEY);
    }
}
