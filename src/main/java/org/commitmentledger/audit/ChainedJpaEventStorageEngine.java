package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.hibernate.Session;

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
            // plain JDBC on the session's connection for the chain's own statements: a native query through
            // Hibernate checks its persistence context for a flush first, which cost a tenth of a command's time
            Session session = em.unwrap(Session.class);
            Head head = session.doReturningWork(ChainedJpaEventStorageEngine::lockHead);
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
            var ids = em.getEntityManagerFactory().getPersistenceUnitUtil();
            session.doWork(connection -> {
                String previous = head.hash();
                long last = 0;
                List<FeedEntry> chained = new ArrayList<>(entries.size());
                try (PreparedStatement link = connection.prepareStatement(
                        "insert into event_chain (global_index, hash) values (?, ?)")) {
                    for (DomainEventEntry entry : entries) {
                        long globalIndex = (Long) ids.getIdentifier(entry);
                        FeedEntry feed = FeedEntries.of(globalIndex, entry.getPayload().getType().getName(),
                                org.axonframework.common.DateTimeUtils.formatInstant(entry.getTimestamp()),
                                (byte[]) entry.getPayload().getData(), (byte[]) entry.getMetaData().getData(),
                                entry.getAggregateIdentifier(), entry.getSequenceNumber());
                        chained.add(feed);
                        previous = HashChain.next(previous, feed);
                        last = globalIndex;
                        link.setLong(1, last);
                        link.setString(2, previous);
                        link.addBatch();
                    }
                    link.executeBatch();
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "update chain_head set last_sequence = ?, head = ? where id = 1")) {
                    update.setLong(1, last);
                    update.setString(2, previous);
                    update.executeUpdate();
                }
                tree.append(connection, head.lastSequence(), chained);
            });
        });
    }

    /** The chain head, locked for the rest of the append's transaction. */
    private record Head(long lastSequence, String hash) {
    }

    private static Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select last_sequence, head from chain_head where id = 1 for update");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("chain_head has no row: the chain's schema was altered");
            }
            return new Head(rs.getLong(1), rs.getString(2).trim());
        }
    }
}
