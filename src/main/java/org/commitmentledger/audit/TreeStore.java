package org.commitmentledger.audit;

import org.commitmentledger.audit.api.TreeRoots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the Merkle tree: its size, where an event sits in it, roots and proofs (RFC 9162, ADR 0021). A proof is
 * computed from the complete subtrees it needs, fetched in one query: O(log n) rows, three queries in all.
 */
@Component
public class TreeStore implements TreeRoots {

    private final JdbcTemplate jdbc;

    TreeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The number of leaves, and the global sequence of the last one. */
    public record Head(long size, long lastSequence) {
    }

    public Head head() {
        return jdbc.queryForObject("select tree_size, last_sequence from merkle_head where id = 1",
                (rs, i) -> new Head(rs.getLong(1), rs.getLong(2)));
    }

    /** The leaf index of the event with that global sequence, if the tree covers it. */
    public Optional<Long> leafIndex(long sequence) {
        List<Long> found = jdbc.queryForList("select leaf_index from merkle_leaf where global_index = ?", Long.class,
                sequence);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public record Inclusion(long leafIndex, long treeSize, byte[] leafHash, byte[] rootHash, List<byte[]> path) {
    }

    /** The proof that leaf {@code leafIndex} is in the tree of {@code treeSize} leaves (leafIndex < treeSize). */
    public Inclusion inclusion(long leafIndex, long treeSize) {
        MerkleTree.Recorder recorder = new MerkleTree.Recorder();
        recorder.hash(0, leafIndex);
        MerkleTree.inclusion(leafIndex, treeSize, recorder);
        MerkleTree.root(treeSize, recorder);
        MerkleTree.Fetched nodes = fetch(recorder);
        return new Inclusion(leafIndex, treeSize, nodes.hash(0, leafIndex), MerkleTree.root(treeSize, nodes),
                MerkleTree.inclusion(leafIndex, treeSize, nodes));
    }

    public record Consistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> path) {
    }

    /** The proof that the tree of {@code to} leaves extends the one of {@code from} (0 < from ≤ to ≤ size). */
    public Consistency consistency(long from, long to) {
        MerkleTree.Recorder recorder = new MerkleTree.Recorder();
        MerkleTree.consistency(from, to, recorder);
        MerkleTree.root(from, recorder);
        MerkleTree.root(to, recorder);
        MerkleTree.Fetched nodes = fetch(recorder);
        return new Consistency(from, to, MerkleTree.root(from, nodes), MerkleTree.root(to, nodes),
                MerkleTree.consistency(from, to, nodes));
    }

    /** The root hash of the tree of the first {@code size} leaves. */
    @Override
    public byte[] root(long size) {
        MerkleTree.Recorder recorder = new MerkleTree.Recorder();
        MerkleTree.root(size, recorder);
        return MerkleTree.root(size, fetch(recorder));
    }

    private MerkleTree.Fetched fetch(MerkleTree.Recorder recorder) {
        Map<Long, byte[]> nodes = jdbc.execute((ConnectionCallback<Map<Long, byte[]>>) connection ->
                TreeAppends.nodes(connection, new ArrayList<>(recorder.ids)));
        return new MerkleTree.Fetched(nodes);
    }
}
