package org.commitmentledger.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;

/**
 * Every aggregate is snapshotted after each {@code ledger.snapshots.threshold} events loaded past its last snapshot,
 * so a command loads at most that many events however long the aggregate's stream is (ADR 0014).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotConfig.SnapshotProperties.class)
class SnapshotConfig {

    /** The name the aggregates' {@code @Aggregate(snapshotTriggerDefinition = …)} refers to. */
    static final String TRIGGER = "aggregateSnapshots";

    /** @param threshold events loaded beyond the last snapshot that make a new one (100) */
    @ConfigurationProperties("ledger.snapshots")
    record SnapshotProperties(@DefaultValue("100") int threshold) {
        SnapshotProperties {
            if (threshold < 1) {
                throw new IllegalStateException("ledger.snapshots.threshold must be at least 1");
            }
        }
    }

    /**
     * Axon's snapshotter, made asynchronous: by default it takes the snapshot in the command's own thread after the
     * commit, while the command still holds the aggregate's lock and its database connection, and needs a second
     * connection for the snapshot. With every pooled connection held by commands queued on that same aggregate's lock,
     * it waited for the pool's 30 s timeout (16 clients revising one pledge). One background thread takes them
     * instead; a queued or lost snapshot only means more events to load.
     */
    @Bean(destroyMethod = "")
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread())
                .build();
    }

    /**
     * One daemon thread. Its queue holds at most one task per aggregate (Axon's snapshotter drops a request for an
     * aggregate whose snapshot is already pending), so it needs no bound.
     */
    private static ExecutorService snapshotThread() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "aggregate-snapshotter");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean(name = TRIGGER)
    SnapshotTriggerDefinition aggregateSnapshots(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.threshold());
    }
}
