package org.commitmentledger.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.write.BatchScoped;
import org.hibernate.jdbc.Work;

/**
 * Extends the Merkle tree by the events of an append, in the append's transaction, while it holds the chain lock
 * (ADR 0021): each event's leaf and every subtree it completes are inserted, so proofs later read O(log n) stored
 * nodes. Events the tree does not cover yet (a store from before the tree, see {@link TreeBackfill}) are added first,
 * so leaf order is always feed order.
 */
final class TreeAppends {

    static final int PAGE = 1000;
    private static final String EVENTS = "select global_index, payload_type, time_stamp, payload, meta_data, "
            + "aggregate_identifier, sequence_number from domain_event_entry where global_index > ? "
            + "and global_index <= ? order by global_index fetch first " + PAGE + " rows only";

    /** Whether this database has the tree's tables; null until the first append looked. */
    private volatile Boolean schema;

    /**
     * The tree's head and edge in the running writer batch, and the rows its appends made: rows and head row are
     * written just before the commit.
     */
    private final BatchScoped<BatchTip> batchTip;

    /** {@code connections} runs a piece of work on the running transaction's connection. */
    TreeAppends(Consumer<Work> connections) {
        this.batchTip = new BatchScoped<>(batch -> connections.accept(c -> {
            insert(c, batch.rows());
            writeHead(c, batch.tip().head());
        }));
    }

    /** Where the tree stands: its size and the global sequence of its last leaf. */
    record Head(long size, long lastSequence) {
    }

    /** A head with the complete subtrees on the tree's right edge, which the next leaf needs. */
    private record Tip(Head head, Map<Long, byte[]> edge) {
    }

    /** The rows an extension of the tree inserts: each leaf's and each completed subtree's. */
    private record Rows(List<LeafRow> leaves, List<NodeRow> nodes) {

        static final Rows NONE = new Rows(List.of(), List.of());

        Rows and(Rows more) {
            return new Rows(Stream.concat(leaves.stream(), more.leaves().stream()).toList(),
                    Stream.concat(nodes.stream(), more.nodes().stream()).toList());
        }
    }

    private record LeafRow(long globalIndex, long leafIndex) {
    }

    private record NodeRow(long nodeId, String hash) {
    }

    /** An extended tip and the rows that extended it. */
    private record Extension(Tip tip, Rows rows) {
    }

    /** A writer batch's tip and the rows of all its appends so far. */
    private record BatchTip(Tip tip, Rows rows) {
    }

    /**
     * Called by the storage engine after it chained {@code appended}; {@code chainedBefore} is the old chain head. A
     * database migrated only up to before the tree (Flyway's target set below V50) appends without it; once migrated,
     * the next append or start adds the missing leaves.
     */
    void append(Connection connection, long chainedBefore, List<FeedEntry> appended) throws SQLException {
        if (!schemaPresent(connection)) {
            return;
        }
        BatchTip batch = batchTip.get();
        Tip tip;
        if (batch != null) {
            tip = batch.tip();
        } else {
            Head head = head(connection);
            if (head.lastSequence() < chainedBefore) {
                head = catchUp(connection, head, chainedBefore, Long.MAX_VALUE);
            }
            tip = tip(connection, head);
        }
        List<Leaf> leaves = new ArrayList<>(appended.size());
        for (FeedEntry entry : appended) {
            leaves.add(new Leaf(entry.sequence(), MerkleTree.leafHash(entry)));
        }
        Extension after = extend(tip, leaves);
        if (BatchScoped.inBatch()) {
            // nothing in the batch reads the tree's rows: they are inserted together just before the commit
            batchTip.set(new BatchTip(after.tip(), (batch == null ? Rows.NONE : batch.rows()).and(after.rows())));
        } else {
            insert(connection, after.rows());
            writeHead(connection, after.tip().head());
        }
    }

    /**
     * Adds the stored events after the tree's last leaf up to {@code upTo}, at most about {@code max} of them; the
     * caller holds the chain lock. Answers how many were added.
     */
    static long catchUp(Connection connection, long upTo, long max) throws SQLException {
        Head before = head(connection);
        return catchUp(connection, before, upTo, max).size() - before.size();
    }

    private static Head catchUp(Connection connection, Head from, long upTo, long max) throws SQLException {
        long added = 0;
        Head head = from;
        while (head.lastSequence() < upTo && added < max) {
            List<Leaf> leaves = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(EVENTS)) {
                select.setLong(1, head.lastSequence());
                select.setLong(2, upTo);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        FeedEntry entry = FeedEntries.of(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getBytes(4), rs.getBytes(5), rs.getString(6), rs.getLong(7));
                        leaves.add(new Leaf(entry.sequence(), MerkleTree.leafHash(entry)));
                    }
                }
            }
            if (leaves.isEmpty()) {
                break;
            }
            head = add(connection, head, leaves);
            added += leaves.size();
        }
        return head;
    }

    /** Looked up in the metadata, not by a failing query: on PostgreSQL that would abort the append's transaction. */
    private boolean schemaPresent(Connection connection) throws SQLException {
        Boolean present = schema;
        if (present == null) {
            var meta = connection.getMetaData();
            present = false;
            for (String name : List.of("MERKLE_HEAD", "merkle_head")) {
                try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), name,
                        new String[] {"TABLE"})) {
                    present |= tables.next();
                }
            }
            schema = present;
        }
        return present;
    }

    static Head head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select tree_size, last_sequence from merkle_head where id = 1");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("merkle_head has no row: the tree's schema was altered");
            }
            return new Head(rs.getLong(1), rs.getLong(2));
        }
    }

    private record Leaf(long sequence, byte[] hash) {
    }

    private static Head add(Connection connection, Head head, List<Leaf> leaves) throws SQLException {
        if (leaves.isEmpty()) {
            return head;
        }
        Extension after = extend(tip(connection, head), leaves);
        insert(connection, after.rows());
        writeHead(connection, after.tip().head());
        return after.tip().head();
    }

    private static Tip tip(Connection connection, Head head) throws SQLException {
        return new Tip(head, nodes(connection, MerkleTree.Frontier.ids(head.size())));
    }

    /** The leaves' rows and the subtrees they complete, and the tip they make. */
    private static Extension extend(Tip tip, List<Leaf> leaves) {
        Head head = tip.head();
        MerkleTree.Frontier frontier = new MerkleTree.Frontier(head.size(), tip.edge());
        long last = head.lastSequence();
        List<LeafRow> leafRows = new ArrayList<>(leaves.size());
        List<NodeRow> nodeRows = new ArrayList<>(2 * leaves.size());
        for (Leaf leaf : leaves) {
            if (leaf.sequence() <= last) {
                throw new IllegalStateException("event " + leaf.sequence() + " would follow " + last
                        + " in the tree: appends must be in global order");
            }
            leafRows.add(new LeafRow(leaf.sequence(), frontier.size()));
            frontier.append(leaf.hash(), (id, hash) -> nodeRows.add(new NodeRow(id, MerkleTree.hex(hash))));
            last = leaf.sequence();
        }
        return new Extension(new Tip(new Head(frontier.size(), last), frontier.edge()),
                new Rows(List.copyOf(leafRows), List.copyOf(nodeRows)));
    }

    /** Inserts the rows of an extension; the head row is the caller's to write. */
    private static void insert(Connection connection, Rows rows) throws SQLException {
        JdbcInserts.insert(connection, "insert into merkle_leaf (global_index, leaf_index) values (?, ?)",
                rows.leaves(), (insert, leaf) -> {
                    insert.setLong(1, leaf.globalIndex());
                    insert.setLong(2, leaf.leafIndex());
                });
        JdbcInserts.insert(connection, "insert into merkle_node (node_id, hash) values (?, ?)", rows.nodes(),
                (insert, node) -> {
                    insert.setLong(1, node.nodeId());
                    insert.setString(2, node.hash());
                });
    }

    private static void writeHead(Connection connection, Head head) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update merkle_head set tree_size = ?, last_sequence = ? where id = 1")) {
            update.setLong(1, head.size());
            update.setLong(2, head.lastSequence());
            update.executeUpdate();
        }
    }

    static Map<Long, byte[]> nodes(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, byte[]> nodes = new HashMap<>();
        if (ids.isEmpty()) {
            return nodes;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "select node_id, hash from merkle_node where node_id in (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    nodes.put(rs.getLong(1), MerkleTree.HEX.parseHex(rs.getString(2).trim()));
                }
            }
        }
        return nodes;
    }
}
