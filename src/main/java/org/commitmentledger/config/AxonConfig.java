package org.commitmentledger.config;

import org.commitmentledger.eventlog.EventJson;
import org.commitmentledger.eventlog.stored.StableNameSerializer;
import org.commitmentledger.security.api.Actor;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
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
     * The caches hold their entries strongly, up to {@code ledger.aggregate-cache.size} each, least recently used
     * first out: weakly held entries went with every young collection, and a command then read the member's and
     * the fund's events again (ADR 0054). Each application context has its own cache manager, so two nodes in one
     * JVM never share an entry.
     */
    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName()).getCacheManager(
                URI.create("ledger-aggregates-" + UUID.randomUUID()), AxonConfig.class.getClassLoader(), new Properties());
    }

    @Bean
    Cache memberCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                      @Value("${ledger.aggregate-cache.size:10000}") long size) {
        return aggregateCache(caches, "members", enabled, size);
    }

    @Bean
    Cache fundCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                    @Value("${ledger.aggregate-cache.size:10000}") long size) {
        return aggregateCache(caches, "funds", enabled, size);
    }

    @Bean
    Cache pledgeCache(CacheManager caches, @Value("${ledger.aggregate-cache.enabled:true}") boolean enabled,
                      @Value("${ledger.aggregate-cache.size:10000}") long size) {
        return aggregateCache(caches, "pledges", enabled, size);
    }

    private static Cache aggregateCache(CacheManager caches, String name, boolean enabled, long size) {
        if (!enabled) {
            return NoCache.INSTANCE;
        }
        CaffeineConfiguration<Object, Object> bounded = new CaffeineConfiguration<>();
        // aggregates are live objects, not values to copy
        bounded.setStoreByValue(false);
        bounded.setMaximumSize(OptionalLong.of(size));
        // Caffeine's upkeep after a write (eviction, reordering) runs on the thread that wrote: handed to the common
        // pool, each write woke a pool thread with a system call, on the writer thread that bounds the write path
        bounded.setExecutorFactory(() -> Runnable::run);
        return new JCacheAdapter(caches.createCache(name, bounded));
    }

    /** Copies the actor of each command into the metadata of every event it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.METADATA_KEY);
    }
}
