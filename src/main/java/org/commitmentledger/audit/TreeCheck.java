package org.commitmentledger.audit;

import org.commitmentledger.audit.api.Checkpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.commitmentledger.eventlog.FeedEntry;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Merkle tree's part of a full verification (ADR 0021): fed the events in global order by the chain's walk, it
 * recomputes every leaf from the stored event (aggregate identifier and sequence included) and compares it with the
 * stored leaf, rebuilds the root in O(log n) memory, and compares the root at every stored checkpoint's size with
 * the signed one. Events beyond the tree's head read at the start are left to the next verification.
 */
final class TreeCheck {

    private final JdbcTemplate jdbc;
    private final Checkpoints checkpoints;
    private final TreeStore.Head head;
    /** The stored checkpoints not yet passed, a page at a time in tree size order. */
    private List<Checkpoint> signed = List.of();
    private int nextSigned;
    private boolean signedExhausted;
    private final MerkleTree.Frontier frontier = new MerkleTree.Frontier(0, Map.of());
    private final PagedCursor<Stored> leaves;

    /** A stored leaf; {@code hash} null when its node is missing or not a hash (parsed by the reader thread). */
    private record Stored(long sequence, long leafIndex, byte[] hash) {
    }

    TreeCheck(JdbcTemplate jdbc, TreeStore tree, Checkpoints checkpoints, ExecutorService readAhead) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.head = tree.head();
        this.leaves = new PagedCursor<>(0, ChainStore.PAGE, this::leafPage, Stored::sequence, readAhead);
    }

    long size() {
        return frontier.size();
    }

    String root() {
        return MerkleTree.hex(frontier.root());
    }

    /**
     * Checks the next event of the walk, whose leaf hash is {@code computed} (null when the leaf's form of the event
     * cannot be written); null if it agrees with the tree, else why not.
     */
    String accept(FeedEntry entry, byte[] computed) {
        if (entry.sequence() > head.lastSequence()) {
            return null;
        }
        Stored leaf = leaves.peek();
        if (leaf == null || leaf.sequence() > entry.sequence()) {
            return "event " + entry.sequence() + " has no leaf in the Merkle tree: it was inserted outside the ledger";
        }
        if (leaf.sequence() < entry.sequence()) {
            return "the Merkle tree has a leaf for event " + leaf.sequence() + ", which is not stored: it was removed";
        }
        leaves.next();
        if (leaf.leafIndex() != frontier.size()) {
            return "event " + entry.sequence() + " is leaf " + leaf.leafIndex() + " of the Merkle tree, but it is the "
                    + (frontier.size() + 1) + "th event in feed order: the tree rows were altered";
        }
        if (computed == null) {
            return "event " + entry.sequence() + " cannot be canonicalised for its Merkle leaf";
        }
        if (leaf.hash() == null || !Arrays.equals(computed, leaf.hash())) {
            return "event " + entry.sequence() + " does not hash to its leaf in the Merkle tree: its content, "
                    + "aggregate identifier or aggregate sequence was altered";
        }
        frontier.append(computed, (id, hash) -> { });
        Checkpoint checkpoint = signedAt(frontier.size());
        if (checkpoint != null) {
            String root = MerkleTree.hex(frontier.root());
            if (!root.equals(checkpoint.rootHash()) || !checkpoints.signatureValid(checkpoint)) {
                return "the first " + frontier.size() + " events lead to the tree root " + root + ", not to the "
                        + "signed checkpoint of that size: the history up to event " + entry.sequence()
                        + " was rewritten";
            }
        }
        return null;
    }

    /** After the walk: every leaf was met, and the stored edge of the tree is the recomputed one. */
    String finish() {
        if (frontier.size() < head.size()) {
            return "the Merkle tree has " + head.size() + " leaves but only " + frontier.size()
                    + " of its events are stored: events were removed";
        }
        List<Long> ids = MerkleTree.Frontier.ids(head.size());
        Map<Long, byte[]> stored = jdbc.execute((ConnectionCallback<Map<Long, byte[]>>) c ->
                TreeAppends.nodes(c, ids));
        Map<Long, byte[]> computed = frontier.edge();
        for (Long id : ids) {
            if (!Arrays.equals(stored.get(id), computed.get(id))) {
                return "a stored node of the Merkle tree (level " + (id >>> MerkleTree.LEVEL_SHIFT)
                        + ") differs from the one the events lead to: the tree rows were altered";
            }
        }
        return null;
    }

    /** The stored checkpoint of a tree of {@code size} leaves, if any; asked for sizes 1, 2, 3, ... in turn. */
    private Checkpoint signedAt(long size) {
        while (true) {
            if (nextSigned < signed.size()) {
                Checkpoint next = signed.get(nextSigned);
                if (next.treeSize() > size) {
                    return null;
                }
                nextSigned++;
                if (next.treeSize() == size) {
                    return next;
                }
                continue;
            }
            if (signedExhausted) {
                return null;
            }
            signed = checkpoints.after(size - 1, ChainStore.PAGE);
            nextSigned = 0;
            signedExhausted = signed.size() < ChainStore.PAGE;
        }
    }

    private List<Stored> leafPage(long after) {
        return jdbc.query("select l.global_index, l.leaf_index, n.hash from merkle_leaf l "
                + "left join merkle_node n on n.node_id = l.leaf_index where l.global_index > ? "
                + "and l.global_index <= ? order by l.global_index fetch first " + ChainStore.PAGE + " rows only",
                (rs, i) -> new Stored(rs.getLong(1), rs.getLong(2), hash(rs.getString(3))), after,
                head.lastSequence());
    }

    private static byte[] hash(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] hash = MerkleTree.HEX.parseHex(stored.trim());
            return hash.length == 32 ? hash : null;
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
