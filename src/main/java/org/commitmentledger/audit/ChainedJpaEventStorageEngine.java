package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.kernel.Databases;
import org.commitmentledger.write.AppendedEvents;
import org.commitmentledger.write.BatchScoped;
import org.commitmentledger.write.ChainLock;
import org.hibernate.Session;
import org.hibernate.jdbc.Work;

/**
 * Axon's JPA storage engine, extended so that every append takes the chain lock (a row lock on {@code chain_head}),
 * inserts its events and extends the hash chain in one transaction, all with plain JDBC on the transaction's
 * connection (reads stay Axon's JPA queries; ADR 0058). Appends are thus ordered into one chain, and
 * global sequences are taken in commit order, even across nodes sharing the database (ADR 0007). The same
 * transaction extends the Merkle tree over the events (ADR 0021). Inside a writer batch, which holds the chain lock
 * from its start, the chain's and the tree's heads are read by the batch's first append and written back once before
 * its commit (ADR 0061).
 */
class ChainedJpaEventStorageEngine extends JpaEventStorageEngine {

    private final TransactionManager transactions;
    private final TreeAppends tree = new TreeAppends(this::onConnection);
    /** The chain head of the running writer batch, written back once before its commit (ADR 0061). */
    private final BatchScoped<Head> batchHead = new BatchScoped<>(head -> onConnection(c -> writeHead(c, head)));

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
            // plain JDBC on the session's connection for the events and the chain alike: Hibernate's persist and
            // flush of each entry, and the flush checks before native statements, cost a seventh of a command
            Session session = entityManager().unwrap(Session.class);
            session.doWork(connection -> {
                Head batch = batchHead.get();
                Head head = batch != null ? batch : lockHead(connection);
                List<FeedEntry> chained = new ArrayList<>(events.size());
                try (PreparedStatement next = connection.prepareStatement(nextGlobalIndex(connection));
                     PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
                    for (EventMessage<?> event : events) {
                        DomainEventEntry entry = (DomainEventEntry) createEventEntity(event, serializer);
                        long globalIndex;
                        try (ResultSet rs = next.executeQuery()) {
                            rs.next();
                            globalIndex = rs.getLong(1);
                        }
                        String timeStamp = DateTimeUtils.formatInstant(entry.getTimestamp());
                        byte[] payload = entry.getPayload().getData();
                        byte[] metaData = entry.getMetaData().getData();
                        insert.setLong(1, globalIndex);
                        insert.setString(2, entry.getEventIdentifier());
                        insert.setBytes(3, metaData);
                        insert.setBytes(4, payload);
                        insert.setString(5, entry.getPayload().getType().getRevision());
                        insert.setString(6, entry.getPayload().getType().getName());
                        insert.setString(7, timeStamp);
                        insert.setString(8, entry.getAggregateIdentifier());
                        insert.setLong(9, entry.getSequenceNumber());
                        insert.setString(10, entry.getType());
                        insert.addBatch();
                        AppendedEvents.note(entry.getAggregateIdentifier(), entry.getSequenceNumber(), globalIndex,
                                entry.getPayload().getType().getName());
                        chained.add(FeedEntries.of(globalIndex, entry.getPayload().getType().getName(), timeStamp,
                                payload, metaData, entry.getAggregateIdentifier(), entry.getSequenceNumber()));
                    }
                    // a duplicate key fails the batch with the failed statement's SQLSTATE (23505), which the
                    // exception resolver reads as a concurrent append
                    insert.executeBatch();
                } catch (SQLException e) {
                    handlePersistenceException(e, events.get(0));
                }
                String previous = head.hash();
                long last = 0;
                try (PreparedStatement link = connection.prepareStatement(
                        "insert into event_chain (global_index, hash) values (?, ?)")) {
                    for (FeedEntry feed : chained) {
                        previous = HashChain.next(previous, feed);
                        last = feed.sequence();
                        link.setLong(1, last);
                        link.setString(2, previous);
                        link.addBatch();
                    }
                    link.executeBatch();
                }
                Head after = new Head(last, previous);
                if (BatchScoped.inBatch()) {
                    batchHead.set(after);
                } else {
                    writeHead(connection, after);
                }
                tree.append(connection, head.lastSequence(), chained);
            });
        });
    }

    private static final String INSERT_EVENT = "insert into domain_event_entry (global_index, event_identifier, "
            + "meta_data, payload, payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, "
            + "type) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The next number of the event table's sequence, which orm.xml gives Hibernate for the same column. */
    private String nextGlobalIndex(Connection connection) throws SQLException {
        String query = nextGlobalIndex;
        if (query == null) {
            query = Databases.postgres(connection) ? "select nextval('domain_event_entry_seq')"
                    : "select next value for domain_event_entry_seq";
            nextGlobalIndex = query;
        }
        return query;
    }

    private volatile String nextGlobalIndex;

    /** Runs {@code work} on the connection of the running transaction. */
    private void onConnection(Work work) {
        entityManager().unwrap(Session.class).doWork(work);
    }

    private static void writeHead(Connection connection, Head head) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update chain_head set last_sequence = ?, head = ? where id = 1")) {
            update.setLong(1, head.lastSequence());
            update.setString(2, head.hash());
            update.executeUpdate();
        }
    }

    /** The chain head, locked for the rest of the append's transaction. */
    private record Head(long lastSequence, String hash) {
    }

    private static Head lockHead(Connection connection) throws SQLException {
        // H2 parses a locking statement anew every time: inside a writer batch, which holds the lock already, the
        // plain read is the same answer from the statement cache
        try (PreparedStatement select = connection.prepareStatement(ChainLock.heldForTheTransaction()
                ? "select last_sequence, head from chain_head where id = 1"
                : "select last_sequence, head from chain_head where id = 1 for update");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("chain_head has no row: the chain's schema was altered");
            }
            return new Head(rs.getLong(1), rs.getString(2).trim());
        }
    }
}
