package org.commitmentledger.audit;

import org.commitmentledger.audit.api.CanonicalJson;
import org.commitmentledger.audit.api.HashChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.eventlog.FeedEntry;

/**
 * The Merkle tree of RFC 9162 section 2.1 over the events in feed order (ADR 0021): leaf hash SHA-256(0x00 ‖ entry),
 * node hash SHA-256(0x01 ‖ left ‖ right), where the entry is the RFC 8785 form of the feed entry with its
 * aggregateId and aggregateSequence. Proofs are generated from the hashes of complete subtrees only, which are stored
 * at append and never change once complete, so a proof needs O(log n) stored nodes.
 */
final class MerkleTree {

    static final int LEVEL_SHIFT = 56;
    static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MerkleTree() {
    }

    /** The hash of a complete subtree of 2^level leaves starting at leaf {@code index << level}. */
    interface Subtrees {
        byte[] hash(int level, long index);
    }

    /** The key of a complete subtree in {@code merkle_node}. */
    static long nodeId(int level, long index) {
        return ((long) level << LEVEL_SHIFT) | index;
    }

    /** The RFC 8785 form of what a leaf commits to: the feed entry's hashed fields plus aggregateId and -Sequence. */
    static String leafEntry(FeedEntry entry) {
        ObjectNode node = HashChain.hashedFields(entry);
        node.put("aggregateId", entry.aggregateId());
        if (entry.aggregateSequence() == null) {
            node.putNull("aggregateSequence");
        } else {
            node.put("aggregateSequence", entry.aggregateSequence());
        }
        return HashChain.canonical(node, entry.sequence());
    }

    /**
     * The same form, spliced from the chain's canonical form of the entry: RFC 8785 sorts {@code aggregateId} and
     * {@code aggregateSequence} right after {@code actor} and before {@code effectiveAt}, so the leaf's form is the
     * chain's with those two members inserted there, and a full verification canonicalises each payload once.
     */
    static String leafEntry(FeedEntry entry, String chainCanonical) {
        StringBuilder prefix = new StringBuilder(96).append("{\"actor\":");
        if (entry.actor() == null || !CanonicalJson.write(entry.actor(), prefix)) {
            return leafEntry(entry);
        }
        int cut = prefix.length();
        if (!chainCanonical.startsWith(prefix.append(",\"effectiveAt\":").toString())) {
            return leafEntry(entry);
        }
        StringBuilder leaf = new StringBuilder(chainCanonical.length() + 96).append(chainCanonical, 0, cut)
                .append(",\"aggregateId\":");
        if (entry.aggregateId() == null) {
            leaf.append("null");
        } else if (!CanonicalJson.write(JSON.getNodeFactory().textNode(entry.aggregateId()), leaf)) {
            return leafEntry(entry);
        }
        leaf.append(",\"aggregateSequence\":");
        if (entry.aggregateSequence() == null) {
            leaf.append("null");
        } else if (!CanonicalJson.write(JSON.getNodeFactory().numberNode(entry.aggregateSequence()), leaf)) {
            return leafEntry(entry);
        }
        return leaf.append(chainCanonical, cut, chainCanonical.length()).toString();
    }

    static byte[] leafHash(FeedEntry entry) {
        return leafHash(leafEntry(entry).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        return sha.digest(entry);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }

    static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2), the split point of RFC 9162 section 2.1.1. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH(D[begin:end]) from complete subtrees: a complete aligned range is one stored node, else split it. */
    static byte[] hash(long begin, long end, Subtrees tree) {
        long size = end - begin;
        if (Long.bitCount(size) == 1 && begin % size == 0) {
            int level = Long.numberOfTrailingZeros(size);
            return tree.hash(level, begin >>> level);
        }
        long k = split(size);
        return nodeHash(hash(begin, begin + k, tree), hash(begin + k, end, tree));
    }

    static byte[] root(long size, Subtrees tree) {
        return size == 0 ? emptyRoot() : hash(0, size, tree);
    }

    /** PATH(m, D[0:n]) of RFC 9162 section 2.1.3.1. */
    static List<byte[]> inclusion(long leafIndex, long size, Subtrees tree) {
        List<byte[]> path = new ArrayList<>();
        inclusion(leafIndex, 0, size, tree, path);
        return path;
    }

    private static void inclusion(long m, long begin, long end, Subtrees tree, List<byte[]> path) {
        if (end - begin == 1) {
            return;
        }
        long k = split(end - begin);
        if (m < begin + k) {
            inclusion(m, begin, begin + k, tree, path);
            path.add(hash(begin + k, end, tree));
        } else {
            inclusion(m, begin + k, end, tree, path);
            path.add(hash(begin, begin + k, tree));
        }
    }

    /** PROOF(m, D[0:n]) of RFC 9162 section 2.1.4.1, for 0 < m ≤ n. */
    static List<byte[]> consistency(long from, long to, Subtrees tree) {
        List<byte[]> path = new ArrayList<>();
        if (from < to) {
            subproof(from, 0, to, true, tree, path);
        }
        return path;
    }

    private static void subproof(long m, long begin, long end, boolean complete, Subtrees tree, List<byte[]> path) {
        long n = end - begin;
        if (m == n) {
            if (!complete) {
                path.add(hash(begin, end, tree));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, begin, begin + k, complete, tree, path);
            path.add(hash(begin + k, end, tree));
        } else {
            subproof(m - k, begin + k, end, false, tree, path);
            path.add(hash(begin, begin + k, tree));
        }
    }

    /**
     * Which stored nodes a computation reads: it is run once against this recorder (the walk does not depend on hash
     * values), the nodes are fetched in one query, and it is run again against them.
     */
    static final class Recorder implements Subtrees {
        private static final byte[] ZERO = new byte[32];
        final Set<Long> ids = new LinkedHashSet<>();

        @Override
        public byte[] hash(int level, long index) {
            ids.add(nodeId(level, index));
            return ZERO;
        }
    }

    /** Stored nodes by id; a missing node means the tree rows were removed, which no proof may hide. */
    record Fetched(Map<Long, byte[]> nodes) implements Subtrees {
        @Override
        public byte[] hash(int level, long index) {
            byte[] hash = nodes.get(nodeId(level, index));
            if (hash == null) {
                throw new IllegalStateException("the tree node at level " + level + ", index " + index
                        + " is not stored");
            }
            return hash;
        }
    }

    /**
     * The right edge of a tree being built leaf by leaf, as Trillian's compact range: the complete subtrees that
     * make up the first {@code size} leaves, largest first. Appending a leaf completes the subtrees it closes.
     */
    static final class Frontier {
        /** hashes[level] is the complete subtree of 2^level leaves on the edge, when bit level of size is set. */
        private final byte[][] hashes = new byte[64][];
        private long size;

        Frontier(long size, Map<Long, byte[]> stored) {
            this.size = size;
            for (int level = 0; level < 63; level++) {
                if ((size >>> level & 1) == 1) {
                    byte[] hash = stored.get(nodeId(level, (size >>> level) - 1));
                    if (hash == null) {
                        throw new IllegalStateException("tree node of level " + level + " on the edge of a tree of "
                                + size + " leaves is not stored");
                    }
                    hashes[level] = hash;
                }
            }
        }

        /** The ids of the stored nodes a frontier of that size needs. */
        static List<Long> ids(long size) {
            List<Long> ids = new ArrayList<>();
            for (int level = 0; level < 63; level++) {
                if ((size >>> level & 1) == 1) {
                    ids.add(nodeId(level, (size >>> level) - 1));
                }
            }
            return ids;
        }

        long size() {
            return size;
        }

        /** The edge's complete subtrees by node id: what {@code merkle_node} must hold for them. */
        Map<Long, byte[]> edge() {
            Map<Long, byte[]> edge = new java.util.HashMap<>();
            for (int level = 0; level < 63; level++) {
                if (hashes[level] != null) {
                    edge.put(nodeId(level, (size >>> level) - 1), hashes[level]);
                }
            }
            return edge;
        }

        /** Adds a leaf; {@code completed} receives every subtree it completes (the leaf itself first) by node id. */
        void append(byte[] leaf, NodeSink completed) {
            byte[] hash = leaf;
            long index = size;
            int level = 0;
            completed.accept(nodeId(0, index), hash);
            while ((index & 1) == 1) {
                hash = nodeHash(hashes[level], hash);
                hashes[level] = null;
                index >>>= 1;
                level++;
                completed.accept(nodeId(level, index), hash);
            }
            hashes[level] = hash;
            size++;
        }

        /** The root of the tree so far (RFC 9162: the edge folded from the smallest subtree up). */
        byte[] root() {
            if (size == 0) {
                return emptyRoot();
            }
            byte[] root = null;
            for (int level = 0; level < 64; level++) {
                if (hashes[level] != null) {
                    root = root == null ? hashes[level] : nodeHash(hashes[level], root);
                }
            }
            return root;
        }
    }

    interface NodeSink {
        void accept(long nodeId, byte[] hash);
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
