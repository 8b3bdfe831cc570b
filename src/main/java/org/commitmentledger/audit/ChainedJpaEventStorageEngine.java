package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
    /** The chain of the running writer batch, its links and head written once before its commit (ADR 0061). */
    private final BatchScoped<BatchChain> batchChain = new BatchScoped<>(batch -> onConnection(c -> {
        insertLinks(c, batch.links());
        writeHead(c, batch.head());
    }));

    public ChainedJpaEventStorageEngine(JpaEventStorageEngine.Builder builder, TransactionManager transactions) {
        super(builder);
        this.transactions = transactions;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        // plain JDBC on the session's connection for the events and the chain alike: Hibernate's persist and flush of
        // each entry, and the flush checks before native statements, cost a seventh of a command
        transactions.executeInTransaction(() -> entityManager().unwrap(Session.class)
                .doWork(connection -> append(connection, events, serializer)));
    }

    /** Inserts the events, chains them and extends the tree, on the append's connection. */
    private void append(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer)
            throws SQLException {
        BatchChain batch = batchChain.get();
        Head head = batch != null ? batch.head() : lockHead(connection);
        List<FeedEntry> chained = new ArrayList<>(events.size());
        try (PreparedStatement insert = connection.prepareStatement(insertEvent(connection),
                new String[] {"global_index"})) {
            for (EventMessage<?> event : events) {
                DomainEventEntry entry = (DomainEventEntry) createEventEntity(event, serializer);
                String timeStamp = DateTimeUtils.formatInstant(entry.getTimestamp());
                byte[] payload = entry.getPayload().getData();
                byte[] metaData = entry.getMetaData().getData();
                insert.setString(1, entry.getEventIdentifier());
                insert.setBytes(2, metaData);
                insert.setBytes(3, payload);
                insert.setString(4, entry.getPayload().getType().getRevision());
                insert.setString(5, entry.getPayload().getType().getName());
                insert.setString(6, timeStamp);
                insert.setString(7, entry.getAggregateIdentifier());
                insert.setLong(8, entry.getSequenceNumber());
                insert.setString(9, entry.getType());
                // the sequence's next number comes back from the insert itself: on PostgreSQL a separate
                // query for it was one more round trip per event
                insert.executeUpdate();
                long globalIndex;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new IllegalStateException("the event table gave no global index back");
                    }
                    globalIndex = keys.getLong(1);
                }
                AppendedEvents.note(entry.getAggregateIdentifier(), entry.getSequenceNumber(), globalIndex,
                        entry.getPayload().getType().getName());
                chained.add(FeedEntries.of(globalIndex, entry.getPayload().getType().getName(), timeStamp,
                        payload, metaData, entry.getAggregateIdentifier(), entry.getSequenceNumber()));
            }
        } catch (SQLException e) {
            // a duplicate key fails with SQLSTATE 23505, which the exception resolver reads as a concurrent
            // append
            handlePersistenceException(e, events.get(0));
        }
        String previous = head.hash();
        long last = 0;
        List<Link> links = new ArrayList<>(chained.size());
        for (FeedEntry feed : chained) {
            previous = HashChain.next(previous, feed);
            last = feed.sequence();
            links.add(new Link(last, previous));
        }
        Head after = new Head(last, previous);
        if (BatchScoped.inBatch()) {
            // inserted with the batch's other links just before its commit: nothing in the batch reads them
            List<Link> pending = batch == null ? List.copyOf(links)
                    : Stream.concat(batch.links().stream(), links.stream()).toList();
            batchChain.set(new BatchChain(after, pending));
        } else {
            insertLinks(connection, links);
            writeHead(connection, after);
        }
        tree.append(connection, head.lastSequence(), chained);
    }

    /** The event insert, which takes its global index from the event table's sequence and gives it back. */
    private String insertEvent(Connection connection) throws SQLException {
        String insert = insertEvent;
        if (insert == null) {
            String next = Databases.postgres(connection) ? "nextval('domain_event_entry_seq')"
                    : "next value for domain_event_entry_seq";
            insert = "insert into domain_event_entry (global_index, event_identifier, meta_data, payload, "
                    + "payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type) "
                    + "values (" + next + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            insertEvent = insert;
        }
        return insert;
    }

    private volatile String insertEvent;

    /** Runs {@code work} on the connection of the running transaction. */
    private void onConnection(Work work) {
        entityManager().unwrap(Session.class).doWork(work);
    }

    private static void insertLinks(Connection connection, List<Link> links) throws SQLException {
        JdbcInserts.insert(connection, "insert into event_chain (global_index, hash) values (?, ?)", links,
                (insert, link) -> {
                    insert.setLong(1, link.globalIndex());
                    insert.setString(2, link.hash());
                });
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

    /** One row of {@code event_chain}: an event's global index and the chain's hash up to it. */
    private record Link(long globalIndex, String hash) {
    }

    /** A writer batch's chain head and the links its appends made, both written just before its commit. */
    private record BatchChain(Head head, List<Link> links) {
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
