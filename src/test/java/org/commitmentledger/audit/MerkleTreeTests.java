package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * Every root and proof of {@link MerkleTree}, built from stored complete subtrees, against an implementation written
 * here from the text of RFC 9162 section 2.1 alone: MTH, PATH and PROOF as the RFC defines them over the list of
 * leaves, and the RFC's verification algorithms (2.1.3.2, 2.1.4.2).
 */
class MerkleTreeTests {

    @Test
    void everyRootAndProofOfTreesOfOneTo300LeavesIsTheRfcs() {
        Rfc9162 rfc = new Rfc9162(leaves(300));
        Map<Long, byte[]> stored = build(rfc.leaves);
        MerkleTree.Fetched tree = new MerkleTree.Fetched(stored);
        for (int n = 1; n <= 300; n++) {
            byte[] root = rfc.mth(0, n);
            assertThat(MerkleTree.root(n, tree)).as("root of %d", n).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.inclusion(m, n, tree);
                assertSame(path, rfc.path(m, 0, n), "inclusion %d in %d", m, n);
                assertThat(Rfc9162.verifyInclusion(m, n, rfc.leaves.get(m), path, root))
                        .as("inclusion %d in %d verifies", m, n).isTrue();
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistency(m, n, tree);
                assertSame(proof, m == n ? List.of() : rfc.subproof(m, 0, n, true), "consistency %d to %d", m, n);
                assertThat(Rfc9162.verifyConsistency(m, n, rfc.mth(0, m), root, proof))
                        .as("consistency %d to %d verifies", m, n).isTrue();
            }
        }
    }

    @Test
    void randomProofsInATreeOf100kLeavesAreTheRfcs() {
        int size = 100_000;
        Rfc9162 rfc = new Rfc9162(leaves(size));
        MerkleTree.Fetched tree = new MerkleTree.Fetched(build(rfc.leaves));
        Random random = new Random(9162);
        for (int i = 0; i < 300; i++) {
            int n = 1 + random.nextInt(size);
            int m = random.nextInt(n);
            List<byte[]> path = MerkleTree.inclusion(m, n, tree);
            assertSame(path, rfc.path(m, 0, n), "inclusion %d in %d", m, n);
            assertThat(Rfc9162.verifyInclusion(m, n, rfc.leaves.get(m), path, rfc.mth(0, n))).isTrue();
            int from = 1 + random.nextInt(n);
            List<byte[]> proof = MerkleTree.consistency(from, n, tree);
            assertSame(proof, from == n ? List.of() : rfc.subproof(from, 0, n, true), "consistency %d to %d", from, n);
            assertThat(Rfc9162.verifyConsistency(from, n, rfc.mth(0, from), rfc.mth(0, n), proof)).isTrue();
        }
    }

    @Test
    void aProofNeedsLogarithmicallyManyStoredNodes() {
        MerkleTree.Recorder recorder = new MerkleTree.Recorder();
        MerkleTree.inclusion(123_456, 1_000_001, recorder);
        MerkleTree.root(1_000_001, recorder);
        assertThat(recorder.ids.size()).isLessThanOrEqualTo(2 * 20 + 2);
        MerkleTree.Recorder consistency = new MerkleTree.Recorder();
        MerkleTree.consistency(654_321, 1_000_001, consistency);
        assertThat(consistency.ids.size()).isLessThanOrEqualTo(2 * 20 + 2);
    }

    @Test
    void theRfcsVerifierRefusesAnotherLeafOrPathLengthButNotAnotherSizeOfTheSameShape() {
        Rfc9162 rfc = new Rfc9162(leaves(37));
        MerkleTree.Fetched tree = new MerkleTree.Fetched(build(rfc.leaves));
        List<byte[]> path = MerkleTree.inclusion(5, 37, tree);
        byte[] root = rfc.mth(0, 37);

        assertThat(Rfc9162.verifyInclusion(5, 37, rfc.leaves.get(5), path, root)).isTrue();
        assertThat(Rfc9162.verifyInclusion(4, 37, rfc.leaves.get(5), path, root)).isFalse();
        assertThat(Rfc9162.verifyInclusion(5, 37, rfc.leaves.get(6), path, root)).isFalse();
        // the path alone does not bind the tree size: leaf 5's path has the same shape in trees of 33 to 64 leaves,
        // so a verifier must take the size from the signed checkpoint with its root, never from the proof's answer
        assertThat(Rfc9162.verifyInclusion(5, 36, rfc.leaves.get(5), path, root)).isTrue();
        assertThat(Rfc9162.verifyInclusion(5, 31, rfc.leaves.get(5), path, root)).isFalse();
        assertThat(Rfc9162.verifyInclusion(5, 37, rfc.leaves.get(5), path.subList(0, path.size() - 1), root))
                .isFalse();
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertThat(Rfc9162.verifyInclusion(5, 37, rfc.leaves.get(5), longer, root)).isFalse();
    }

    @Test
    void leafFormIsRfc8785OfTheFeedEntryWithItsAggregateAndTheSplicedFormIsTheSame() throws Exception {
        List<FeedEntry> entries = List.of(
                FeedEntries.of(1, "org.commitmentledger.fund.api.FundProposedEvent", "2024-04-02T09:15:00Z",
                        bytes(HashChainTests.PROPOSED_PAYLOAD), bytes(HashChainTests.SECRETARIAT), "clean-water", 0L),
                FeedEntries.of(2, "org.commitmentledger.fund.api.FundAmendedEvent", "2024-05-10T14:30:05.250Z",
                        bytes(HashChainTests.AMENDED_PAYLOAD), bytes(HashChainTests.SECRETARIAT),
                        "Z\u00fcrich \"fund\"", 1L),
                FeedEntries.of(4, "org.commitmentledger.pledge.api.PledgeMadeEvent", "2024-05-11T08:00:00.000Z",
                        bytes(HashChainTests.PLEDGE_PAYLOAD), bytes(HashChainTests.DELEGATE),
                        "6f1c2a9e-0b7d-4c1e-9a55-3f2d8e4b7c10", 0L),
                FeedEntries.of(5, "org.commitmentledger.pledge.api.PledgeMadeEvent", "2024-05-11T08:00:00.000Z",
                        bytes(HashChainTests.PLEDGE_PAYLOAD), null, "p-without-actor", 3L));
        ObjectMapper json = new ObjectMapper();
        for (FeedEntry entry : entries) {
            ObjectNode node = json.valueToTree(entry);
            node.remove("hash");
            node.putNull("effectiveAt");
            if (entry.effectiveAt() != null) {
                node.put("effectiveAt", entry.effectiveAt());
            }
            String reference = new JsonCanonicalizer(json.writeValueAsString(node)).getEncodedString();

            assertThat(MerkleTree.leafEntry(entry)).isEqualTo(reference);
            assertThat(MerkleTree.leafEntry(entry, HashChain.canonical(entry))).isEqualTo(reference);
            assertThat(MerkleTree.leafHash(entry)).isEqualTo(Rfc9162.sha256(new byte[] {0},
                    reference.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyTreeHasTheHashOfNothingAsRoot() throws Exception {
        assertThat(MerkleTree.root(0, new MerkleTree.Fetched(Map.of())))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    }

    private static Map<Long, byte[]> build(List<byte[]> leaves) {
        Map<Long, byte[]> stored = new HashMap<>();
        MerkleTree.Frontier frontier = new MerkleTree.Frontier(0, Map.of());
        for (byte[] leaf : leaves) {
            frontier.append(leaf, stored::put);
        }
        return stored;
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(Rfc9162.sha256(new byte[] {0}, ("{\"sequence\":" + (3 * i + 1) + "}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    private static void assertSame(List<byte[]> actual, List<byte[]> expected, String what, Object... args) {
        assertThat(actual.size()).as(what, args).isEqualTo(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as(what + " element " + i, args).isEqualTo(expected.get(i));
        }
    }

    /** RFC 9162 section 2.1 as written, over a list of leaf hashes (memoised, so the test stays fast). */
    static final class Rfc9162 {
        final List<byte[]> leaves;
        private final Map<Long, byte[]> memo = new HashMap<>();

        Rfc9162(List<byte[]> leaves) {
            this.leaves = leaves;
        }

        /** MTH(D[begin:end]); k is the largest power of two smaller than n. */
        byte[] mth(int begin, int end) {
            int n = end - begin;
            if (n == 1) {
                return leaves.get(begin);
            }
            long key = (long) begin << 32 | end;
            byte[] known = memo.get(key);
            if (known != null) {
                return known;
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            byte[] hash = sha256(new byte[] {1}, concat(mth(begin, begin + k), mth(begin + k, end)));
            memo.put(key, hash);
            return hash;
        }

        /** PATH(m, D[begin:end]), m relative to the whole list. */
        List<byte[]> path(int m, int begin, int end) {
            int n = end - begin;
            List<byte[]> out = new ArrayList<>();
            if (n == 1) {
                return out;
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            if (m - begin < k) {
                out.addAll(path(m, begin, begin + k));
                out.add(mth(begin + k, end));
            } else {
                out.addAll(path(m, begin + k, end));
                out.add(mth(begin, begin + k));
            }
            return out;
        }

        /** SUBPROOF(m, D[begin:end], b). */
        List<byte[]> subproof(int m, int begin, int end, boolean b) {
            int n = end - begin;
            List<byte[]> out = new ArrayList<>();
            if (m == n) {
                if (!b) {
                    out.add(mth(begin, end));
                }
                return out;
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            if (m <= k) {
                out.addAll(subproof(m, begin, begin + k, b));
                out.add(mth(begin + k, end));
            } else {
                out.addAll(subproof(m - k, begin + k, end, false));
                out.add(mth(begin, begin + k));
            }
            return out;
        }

        /** Section 2.1.3.2, step by step. */
        static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
                                       byte[] root) {
            if (leafIndex >= treeSize) {
                return false;
            }
            long fn = leafIndex;
            long sn = treeSize - 1;
            byte[] r = leafHash;
            for (byte[] p : path) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = sha256(new byte[] {1}, concat(p, r));
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    r = sha256(new byte[] {1}, concat(r, p));
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(r, root);
        }

        /** Section 2.1.4.2, step by step. */
        static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash,
                                         List<byte[]> proof) {
            if (first == second) {
                return proof.isEmpty() && Arrays.equals(firstHash, secondHash);
            }
            if (first > second || first == 0 || proof.isEmpty()) {
                return false;
            }
            List<byte[]> path = new ArrayList<>(proof);
            if (Long.bitCount(first) == 1) {
                path.add(0, firstHash);
            }
            long fn = first - 1;
            long sn = second - 1;
            if ((fn & 1) == 1) {
                while ((fn & 1) == 1) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            byte[] fr = path.get(0);
            byte[] sr = path.get(0);
            for (byte[] c : path.subList(1, path.size())) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    fr = sha256(new byte[] {1}, concat(c, fr));
                    sr = sha256(new byte[] {1}, concat(c, sr));
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    sr = sha256(new byte[] {1}, concat(sr, c));
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash);
        }

        static byte[] sha256(byte[] prefix, byte[] data) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(prefix);
                return sha.digest(data);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
