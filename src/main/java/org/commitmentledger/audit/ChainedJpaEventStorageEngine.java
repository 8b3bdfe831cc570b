package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;

/**
 * Axon's JPA storage engine, extended so that every append takes the chain lock (a row lock on {@code chain_head}),
 * inserts its events and extends the hash chain in one transaction. Appends are thus ordered into one chain, and
 * global sequences are taken in commit order, even across nodes sharing the database (ADR 0007). The same
 * transaction extends the Merkle tree over the events (ADR 0021).
 */
class ChainedJpaEventStorageEngine extends JpaEventStorageEngine {

    private final TransactionManager transactions;
    private final TreeAppends tree = new TreeAppends();

    public ChainedJpaEventStorageEngine(JpaEventStorageEngine.Builder builder, TransactionManager transactions) {
        super(builder);
        this.transactions = transactions;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            EntityManager em = entityManager();
            Object[] head = (Object[]) em.createNativeQuery(
                    "select last_sequence, head from chain_head where id = 1 for update").getSingleResult();
            String previous = ((String) head[1]).trim();
            List<DomainEventEntry> entries = new ArrayList<>(events.size());
            try {
                for (EventMessage<?> event : events) {
                    DomainEventEntry entry = (DomainEventEntry) createEventEntity(event, serializer);
                    em.persist(entry);
                    entries.add(entry);
                }
                em.flush();
            } catch (Exception e) {
                handlePersistenceException(e, events.get(0));
            }
            // the entries are flushed: COMMIT flush mode on the chain statements below spares Hibernate a flush
            // (a dirty check of every entry of the batch) before each of them, which made batches quadratic
            long last = 0;
            List<FeedEntry> chained = new ArrayList<>(entries.size());
            var ids = em.getEntityManagerFactory().getPersistenceUnitUtil();
            for (DomainEventEntry entry : entries) {
                long globalIndex = (Long) ids.getIdentifier(entry);
                FeedEntry feed = FeedEntries.of(globalIndex, entry.getPayload().getType().getName(),
                        org.axonframework.common.DateTimeUtils.formatInstant(entry.getTimestamp()),
                        (byte[]) entry.getPayload().getData(), (byte[]) entry.getMetaData().getData(),
                        entry.getAggregateIdentifier(), entry.getSequenceNumber());
                chained.add(feed);
                previous = HashChain.next(previous, feed);
                last = globalIndex;
                em.createNativeQuery("insert into event_chain (global_index, hash) values (?1, ?2)")
                        .setFlushMode(FlushModeType.COMMIT)
                        .setParameter(1, last).setParameter(2, previous).executeUpdate();
            }
            em.createNativeQuery("update chain_head set last_sequence = ?1, head = ?2 where id = 1")
                    .setFlushMode(FlushModeType.COMMIT)
                    .setParameter(1, last).setParameter(2, previous).executeUpdate();
            tree.append(em, ((Number) head[0]).longValue(), chained);
        });
    }
}
