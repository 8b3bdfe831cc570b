import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent verifier of the commitment ledger's history, written against the HTTP contract only (docs/audit.md).
 * It needs nothing but a JDK 17 and trusts nothing the service computed: it canonicalises feed entries with its own
 * RFC 8785 code, recomputes the hash chain and the RFC 9162 Merkle tree itself, checks checkpoints' Ed25519 signatures
 * against a public key the auditor kept, and checks proofs with RFC 9162's algorithms, bound to the leaf index and the
 * tree size of the kept checkpoint.
 *
 * <pre>
 *   java Verify.java URL USER                                   # the whole chain and tree, recomputed
 *   java Verify.java URL USER DIGEST SEQUENCE                   # ... and a chain digest you kept
 *   java Verify.java URL USER checkpoint KEY FILE               # save the current checkpoint once its signature holds
 *   java Verify.java URL USER signature KEY FILE                # check a kept checkpoint's signature
 *   java Verify.java URL USER inclusion KEY FILE SEQUENCE       # prove event SEQUENCE is in the kept checkpoint
 *   java Verify.java URL USER consistency KEY FILE              # prove today's checkpoint extends the kept one
 * </pre>
 *
 * KEY is the verifier key from /api/audit/public-key ({@code name+keyid+base64}), or a file holding it; FILE a
 * checkpoint note as /api/audit/checkpoint gives it. The password comes from the environment variable LEDGER_PASSWORD,
 * or else is asked for on the terminal; never from the command line, where other users could read it.
 *
 * Exit code 0: valid. Exit code 1: the history, a checkpoint or a proof does not verify; it says where. Exit code 2:
 * wrong usage, or the service cannot be read.
 */
public class Verify {

    static final String GENESIS = "0".repeat(64);
    static final int PAGE = 1000;
    static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 2 ? args[2] : "";
        boolean full = args.length == 2 || args.length == 4 && args[2].matches("[0-9a-fA-F]{64}")
                && args[3].matches("[0-9]{1,18}");
        boolean proof = (mode.equals("checkpoint") || mode.equals("signature") || mode.equals("consistency"))
                && args.length == 5 || mode.equals("inclusion") && args.length == 6 && args[5].matches("[0-9]{1,18}");
        if (!full && !proof) {
            usage();
        }
        try {
            Verify verify = new Verify(args[0], args[1], password());
            switch (mode) {
                case "checkpoint" -> verify.saveCheckpoint(verifierKey(args[3]), Path.of(args[4]));
                case "signature" -> verify.signature(verifierKey(args[3]), Path.of(args[4]));
                case "inclusion" -> verify.inclusion(verifierKey(args[3]), Path.of(args[4]), Long.parseLong(args[5]));
                case "consistency" -> verify.consistency(verifierKey(args[3]), Path.of(args[4]));
                default -> verify.verify(args.length == 4 ? args[2] : null, args.length == 4 ? args[3] : null);
            }
        } catch (RuntimeException e) {
            System.err.println("cannot verify: " + e.getMessage());
            System.exit(2);
        }
    }

    static void usage() {
        System.err.println("usage: java Verify.java URL USER [DIGEST SEQUENCE]");
        System.err.println("       java Verify.java URL USER checkpoint|signature|consistency KEY FILE");
        System.err.println("       java Verify.java URL USER inclusion KEY FILE SEQUENCE");
        System.err.println("  DIGEST: 64 hex characters from /api/audit/digest; KEY: the verifierKey from");
        System.err.println("  /api/audit/public-key, or a file holding it; FILE: a checkpoint note.");
        System.err.println("  The password is read from LEDGER_PASSWORD, or asked for on the terminal.");
        System.exit(2);
    }

    static String password() {
        String password = System.getenv("LEDGER_PASSWORD");
        if (password != null) {
            return password;
        }
        if (System.console() == null) {
            System.err.println("no password: set LEDGER_PASSWORD, or run in a terminal to be asked for it");
            System.exit(2);
        }
        char[] typed = System.console().readPassword("password: ");
        if (typed == null) {
            System.exit(2);
        }
        return new String(typed);
    }

    final String base;
    final String auth;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Verify(String base, String user, String password) {
        this.base = base.replaceAll("/+$", "");
        this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    void verify(String digest, String sequenceText) throws Exception {
        String keptDigest = digest == null ? null : digest.toLowerCase(java.util.Locale.ROOT);
        long keptSequence = sequenceText == null ? -1 : Long.parseLong(sequenceText);
        // the checkpoint is read before the walk, so its tree is a prefix of the events the walk will see
        Map<String, Object> checkpoint = optional("/api/audit/checkpoint");
        Note signed = checkpoint == null ? null : Note.parse((String) checkpoint.get("note"));
        Tree tree = new Tree();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String previous = GENESIS;
        long events = 0;
        long headSequence = 0;
        boolean keptSeen = false;
        long after = 0;
        long started = System.nanoTime();
        while (true) {
            Map<String, Object> page = fetch(http, auth, base + "/api/events?after=" + after + "&limit=" + PAGE);
            for (Object item : (List<?>) page.get("events")) {
                Map<?, ?> entry = (Map<?, ?>) item;
                long sequence = ((BigInteger) entry.get("sequence")).longValueExact();
                if (keptDigest != null && !keptSeen && sequence > keptSequence) {
                    fail("the feed has no event with sequence " + keptSequence + ", the sequence of the kept digest",
                            keptSequence);
                }
                Map<String, Object> hashed = new LinkedHashMap<>();
                for (String field : List.of("sequence", "type", "recordedAt", "effectiveAt", "actor", "payload")) {
                    hashed.put(field, entry.get(field)); // a missing effectiveAt is null, as the contract hashes it
                }
                String canonical = canonical(hashed);
                String hash = HEX.formatHex(
                        sha256.digest((previous + canonical).getBytes(StandardCharsets.UTF_8)));
                if (!hash.equals(entry.get("hash"))) {
                    fail("event " + sequence + " hashes to " + hash + " but the feed shows " + entry.get("hash")
                            + ": it, or the history before it, was altered, removed, reordered or inserted", sequence);
                }
                if (sequence == keptSequence) {
                    keptSeen = true;
                    if (!hash.equals(keptDigest)) {
                        fail("the history leads to " + hash + " at sequence " + sequence + ", not to the kept digest "
                                + keptDigest + ": an event at or before it was changed", sequence);
                    }
                }
                tree.add(leafHash(entry));
                if (signed != null && tree.size == signed.size && !Arrays.equals(tree.root(), signed.root)) {
                    fail("the first " + tree.size + " events lead to the tree root " + HEX.formatHex(tree.root())
                            + ", but the ledger's checkpoint of that size has " + HEX.formatHex(signed.root)
                            + ": the history up to event " + sequence + " was rewritten", sequence);
                }
                previous = hash;
                headSequence = sequence;
                events++;
            }
            Object next = page.get("next");
            if (next == null) {
                break;
            }
            after = ((BigInteger) next).longValueExact();
        }
        if (keptDigest != null && !keptSeen) {
            fail("the feed ends at sequence " + headSequence + ", before the kept digest's sequence " + keptSequence,
                    keptSequence);
        }
        System.out.println("valid: " + events + " events in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        System.out.println("sequence " + headSequence);
        System.out.println("head " + previous);
        System.out.println("tree size " + tree.size);
        System.out.println("tree root " + HEX.formatHex(tree.root()));
        if (signed != null && signed.size <= tree.size) {
            System.out.println("the tree matches the ledger's checkpoint of " + signed.size + " leaves (to check its "
                    + "signature against your kept key: the signature command)");
        }
        if (keptDigest != null) {
            System.out.println("kept digest at sequence " + keptSequence + " matches");
        }
    }

    // ---- checkpoints and proofs (RFC 9162, C2SP tlog-checkpoint and signed-note) ----

    /** Fetches the current checkpoint, checks its signature with the kept key, and saves it. */
    void saveCheckpoint(VerifierKey key, Path file) throws IOException {
        Map<String, Object> current = required("/api/audit/checkpoint");
        String text = (String) current.get("note");
        Note note = Note.parse(text);
        note.check(key);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("checkpoint of " + note.size + " leaves, root " + HEX.formatHex(note.root) + ", "
                + note.time + ": signature valid, saved to " + file);
    }

    void signature(VerifierKey key, Path file) throws IOException {
        Note note = kept(key, file);
        System.out.println("signature valid: checkpoint of " + note.size + " leaves, root "
                + HEX.formatHex(note.root) + ", " + note.time + ", signed by " + key.name);
    }

    /**
     * Proves that event {@code sequence}, as the feed shows it now, is in the kept checkpoint's tree. The leaf is
     * hashed here from the feed entry, the size and root come from the kept checkpoint, and the answer must name the
     * same sequence and size: a proof for another leaf or another tree cannot pass (immudb GHSA-672p-m5jq-mrh8).
     */
    void inclusion(VerifierKey key, Path file, long sequence) throws IOException {
        Note note = kept(key, file);
        Map<String, Object> page = fetch(http, auth, base + "/api/events?after=" + (sequence - 1) + "&limit=1");
        List<?> events = (List<?>) page.get("events");
        if (events.isEmpty() || !(events.get(0) instanceof Map<?, ?> entry)
                || !BigInteger.valueOf(sequence).equals(entry.get("sequence"))) {
            fail("the feed has no event with sequence " + sequence, sequence);
            return;
        }
        byte[] leaf = leafHash(entry);
        Map<String, Object> proof = answer("/api/audit/proof/inclusion?sequence=" + sequence + "&treeSize="
                + note.size, sequence);
        long index = number(proof, "leafIndex");
        expect(number(proof, "sequence") == sequence, "the proof is for event " + proof.get("sequence")
                + ", not " + sequence, sequence);
        expect(number(proof, "treeSize") == note.size, "the proof is for a tree of " + proof.get("treeSize")
                + " leaves, not the kept checkpoint's " + note.size, sequence);
        expect(index >= 0 && index < note.size, "leaf index " + index + " lies outside a tree of " + note.size
                + " leaves", sequence);
        expect(HEX.formatHex(leaf).equals(proof.get("leafHash")), "the proof's leaf hash " + proof.get("leafHash")
                + " is not the hash of event " + sequence + " as the feed shows it (" + HEX.formatHex(leaf) + ")",
                sequence);
        List<byte[]> path = hashes(proof, "auditPath", sequence);
        expect(path.size() == inclusionLength(index, note.size), "the audit path has " + path.size()
                + " hashes; leaf " + index + " of " + note.size + " needs " + inclusionLength(index, note.size),
                sequence);
        expect(verifyInclusion(index, note.size, leaf, path, note.root), "event " + sequence + " as leaf " + index
                + " does not lead to the kept checkpoint's root " + HEX.formatHex(note.root)
                + ": it was altered, or it is not in that tree", sequence);
        System.out.println("included: event " + sequence + " is leaf " + index + " of the kept checkpoint's tree of "
                + note.size + " leaves (root " + HEX.formatHex(note.root) + ")");
    }

    /** Proves that the ledger's current signed checkpoint extends the kept one, with roots from the two notes. */
    void consistency(VerifierKey key, Path file) throws IOException {
        Note kept = kept(key, file);
        Note now = Note.parse((String) required("/api/audit/checkpoint").get("note"));
        now.check(key);
        expect(now.origin.equals(kept.origin), "the current checkpoint is of log " + now.origin + ", not "
                + kept.origin, -1);
        expect(now.size >= kept.size, "the current checkpoint has " + now.size + " leaves, fewer than the kept "
                + kept.size + ": the log was cut", -1);
        Map<String, Object> proof = answer("/api/audit/proof/consistency?from=" + kept.size + "&to=" + now.size,
                -1);
        expect(number(proof, "from") == kept.size && number(proof, "to") == now.size, "the proof is from "
                + proof.get("from") + " to " + proof.get("to") + ", not from " + kept.size + " to " + now.size,
                -1);
        if (!HEX.formatHex(kept.root).equals(proof.get("fromRoot"))) {
            fail("the ledger's tree of " + kept.size + " leaves now has the root " + proof.get("fromRoot")
                    + ", not the kept checkpoint's " + HEX.formatHex(kept.root) + ": the history up to leaf "
                    + kept.size + " was rewritten", -1);
        }
        List<byte[]> path = hashes(proof, "path", -1);
        expect(path.size() == consistencyLength(kept.size, now.size), "the consistency path has " + path.size()
                + " hashes; from " + kept.size + " to " + now.size + " needs "
                + consistencyLength(kept.size, now.size), -1);
        expect(verifyConsistency(kept.size, now.size, kept.root, now.root, path), "the current checkpoint ("
                + now.size + " leaves, root " + HEX.formatHex(now.root) + ") does not extend the kept one ("
                + kept.size + " leaves, root " + HEX.formatHex(kept.root) + "): the history was rewritten",
                -1);
        System.out.println("consistent: the checkpoint of " + now.size + " leaves (" + now.time + ") extends the kept "
                + "one of " + kept.size + " leaves (" + kept.time + ")");
    }

    Note kept(VerifierKey key, Path file) throws IOException {
        Note note = Note.parse(Files.readString(file, StandardCharsets.UTF_8));
        note.check(key);
        return note;
    }

    /** A proof endpoint's answer; a refusal (the tree is smaller, the event unknown) is itself a finding. */
    Map<String, Object> answer(String path, long sequence) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() == 400 || response.statusCode() == 404) {
            fail("the ledger refuses the proof (" + response.statusCode() + "): " + response.body(), sequence);
        }
        return object(path, response);
    }

    Map<String, Object> required(String path) {
        return object(path, get(path));
    }

    Map<String, Object> optional(String path) {
        HttpResponse<String> response = get(path);
        return response.statusCode() == 200 ? object(path, response) : null;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            System.err.println("GET " + path + " failed: " + e);
            System.exit(2);
            return null;
        }
    }

    static Map<String, Object> object(String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            System.err.println("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            System.exit(2);
        }
        if (!(new Parser(response.body()).document() instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("GET " + path + " did not answer a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    static long number(Map<String, Object> answer, String field) {
        if (!(answer.get(field) instanceof BigInteger n) || n.bitLength() > 62) {
            throw new IllegalArgumentException("the answer's " + field + " is not a whole number: " + answer);
        }
        return n.longValue();
    }

    static List<byte[]> hashes(Map<String, Object> answer, String field, long sequence) {
        if (!(answer.get(field) instanceof List<?> list)) {
            fail("the answer has no " + field + " list", sequence);
            return List.of();
        }
        List<byte[]> hashes = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String hex) || !hex.matches("[0-9a-f]{64}")) {
                fail("the " + field + " holds " + item + ", not a SHA-256 hash in lowercase hex", sequence);
            }
            hashes.add(HEX.parseHex((String) item));
        }
        return hashes;
    }

    static void expect(boolean holds, String reason, long sequence) {
        if (!holds) {
            fail(reason, sequence);
        }
    }

    /** SHA-256(0x00 ‖ RFC 8785 of the feed entry's fields, aggregateId and aggregateSequence included). */
    static byte[] leafHash(Map<?, ?> entry) {
        Map<String, Object> leaf = new LinkedHashMap<>();
        for (String field : List.of("sequence", "type", "recordedAt", "effectiveAt", "actor", "payload",
                "aggregateId", "aggregateSequence")) {
            leaf.put(field, entry.get(field));
        }
        return sha256((byte) 0, canonical(leaf).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte prefix, byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prefix);
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of hashes in PATH(m, D[n]) (RFC 9162 section 2.1.3.1). */
    static int inclusionLength(long m, long n) {
        if (n <= 1) {
            return 0;
        }
        long k = Long.highestOneBit(n - 1);
        return 1 + (m < k ? inclusionLength(m, k) : inclusionLength(m - k, n - k));
    }

    /** The number of hashes in PROOF(m, D[n]) (RFC 9162 section 2.1.4.1). */
    static int consistencyLength(long m, long n) {
        return m == n ? 0 : subproofLength(m, n, true);
    }

    static int subproofLength(long m, long n, boolean complete) {
        if (m == n) {
            return complete ? 0 : 1;
        }
        long k = Long.highestOneBit(n - 1);
        return 1 + (m <= k ? subproofLength(m, k, complete) : subproofLength(m - k, n - k, false));
    }

    /** RFC 9162 section 2.1.3.2, step by step. */
    static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256((byte) 1, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256((byte) 1, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 section 2.1.4.2, step by step. */
    static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                     List<byte[]> proof) {
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first < 1 || first > second || proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = sha256((byte) 1, c, fr);
                sr = sha256((byte) 1, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = sha256((byte) 1, sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** The Merkle tree's right edge while leaves arrive in order: O(log n) memory (RFC 9162 section 2.1.1). */
    static final class Tree {
        final byte[][] edge = new byte[64][];
        long size;

        void add(byte[] leaf) {
            byte[] hash = leaf;
            int level = 0;
            while ((size >>> level & 1) == 1) {
                hash = sha256((byte) 1, edge[level], hash);
                edge[level] = null;
                level++;
            }
            edge[level] = hash;
            size++;
        }

        byte[] root() {
            byte[] root = null;
            for (byte[] hash : edge) {
                if (hash != null) {
                    root = root == null ? hash : sha256((byte) 1, hash, root);
                }
            }
            return root == null ? sha256Empty() : root;
        }

        static byte[] sha256Empty() {
            try {
                return MessageDigest.getInstance("SHA-256").digest();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A signed-note verifier key: name+hex(key id)+base64(0x01 ‖ Ed25519 public key). */
    record VerifierKey(String name, byte[] id, PublicKey key) {
    }

    static VerifierKey verifierKey(String argument) throws IOException {
        String text = Files.isRegularFile(Path.of(argument))
                ? Files.readString(Path.of(argument), StandardCharsets.UTF_8).trim() : argument.trim();
        int first = text.indexOf('+');
        int second = first < 0 ? -1 : text.indexOf('+', first + 1);
        if (first <= 0 || second != first + 9) {
            throw new IllegalArgumentException("the key is not a verifier key name+keyid+base64: " + text);
        }
        String name = text.substring(0, first);
        byte[] id = HEX.parseHex(text.substring(first + 1, second));
        byte[] typed = Base64.getDecoder().decode(text.substring(second + 1));
        if (typed.length != 33 || typed[0] != 0x01) {
            throw new IllegalArgumentException("the key is not an Ed25519 verifier key");
        }
        byte[] raw = Arrays.copyOfRange(typed, 1, 33);
        byte[] expected;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(new byte[] {0x0A, 0x01});
            expected = Arrays.copyOf(sha.digest(raw), 4);
            byte[] spki = Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 32);
            System.arraycopy(raw, 0, spki, ED25519_SPKI.length, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            if (!Arrays.equals(expected, id)) {
                throw new IllegalArgumentException("the verifier key's id does not match its name and key");
            }
            return new VerifierKey(name, id, key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key: " + e.getMessage());
        }
    }

    /** A checkpoint (C2SP tlog-checkpoint) in a signed note (C2SP signed-note), parsed strictly. */
    static final class Note {
        final String text;
        final String signatures;
        final String origin;
        final long size;
        final byte[] root;
        final String time;

        private Note(String text, String signatures, String origin, long size, byte[] root, String time) {
            this.text = text;
            this.signatures = signatures;
            this.origin = origin;
            this.size = size;
            this.root = root;
            this.time = time;
        }

        static Note parse(String note) {
            if (note == null || note.length() > 100_000 || !note.endsWith("\n")) {
                throw new IllegalArgumentException("not a signed note: it must end with a newline");
            }
            int split = note.lastIndexOf("\n\n");
            if (split < 0) {
                throw new IllegalArgumentException("not a signed note: no blank line before its signatures");
            }
            String text = note.substring(0, split + 1);
            String[] lines = text.split("\n", -1);
            if (lines.length < 4 || lines[0].isEmpty() || !lines[1].matches("0|[1-9][0-9]{0,17}")) {
                throw new IllegalArgumentException("not a checkpoint: origin, tree size and root hash expected");
            }
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (root.length != 32) {
                throw new IllegalArgumentException("not a checkpoint: the root hash is not 32 bytes");
            }
            String time = "";
            for (int i = 3; i < lines.length - 1; i++) {
                if (lines[i].startsWith("time ")) {
                    time = lines[i].substring(5);
                }
            }
            return new Note(text, note.substring(split + 2), lines[0], Long.parseLong(lines[1]), root, time);
        }

        /** Fails unless one signature line is by the kept key and verifies over the note's text. */
        void check(VerifierKey key) {
            for (String line : signatures.split("\n")) {
                String prefix = "\u2014 " + key.name() + " ";
                if (!line.startsWith(prefix)) {
                    continue;
                }
                byte[] keyed;
                try {
                    keyed = Base64.getDecoder().decode(line.substring(prefix.length()));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (keyed.length != 68 || !Arrays.equals(Arrays.copyOf(keyed, 4), key.id())) {
                    continue;
                }
                try {
                    Signature ed = Signature.getInstance("Ed25519");
                    ed.initVerify(key.key());
                    ed.update(text.getBytes(StandardCharsets.UTF_8));
                    if (ed.verify(Arrays.copyOfRange(keyed, 4, 68))) {
                        if (!origin.equals(key.name())) {
                            fail("the checkpoint names the log " + origin + ", but the key is " + key.name(), -1);
                        }
                        return;
                    }
                } catch (java.security.GeneralSecurityException e) {
                    // not a valid signature: keep looking, then fail
                }
            }
            fail("the checkpoint of " + size + " leaves carries no valid signature by the kept key " + key.name()
                    + ": it was forged or altered", -1);
        }
    }

    static void fail(String reason, long sequence) {
        System.out.println(sequence < 0 ? "INVALID: " + reason : "INVALID at sequence " + sequence + ": " + reason);
        System.exit(1);
    }

    static Map<String, Object> fetch(HttpClient http, String auth, String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                System.err.println("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                System.exit(2);
            }
            if (!(new Parser(response.body()).document() instanceof Map<?, ?> page)
                    || !(page.get("events") instanceof List<?>)) {
                throw new IllegalArgumentException("GET " + url + " did not answer a feed page");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> feed = (Map<String, Object>) page;
            return feed;
        } catch (IOException | InterruptedException e) {
            System.err.println("GET " + url + " failed: " + e);
            System.exit(2);
            return null;
        }
    }

    // ---- RFC 8785 (JSON Canonicalization Scheme) for strings, integers, booleans, null, arrays and objects ----

    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof BigInteger n) {
            // RFC 8785 renders numbers as ECMAScript doubles: exact and plain for integers up to 2^53
            if (n.abs().bitLength() > 53) {
                throw new IllegalArgumentException("integer " + n + " is beyond what this verifier handles");
            }
            out.append(n);
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            // String's natural order compares UTF-16 code units, exactly as RFC 8785 section 3.2.3 sorts keys
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("cannot canonicalise " + value.getClass().getSimpleName());
        }
    }

    /** RFC 8785 section 3.2.2.2: escape quote, backslash and control characters; everything else stays as it is. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- A small strict JSON parser: objects keep their fields, integers become BigInteger ----

    static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            skipSpace();
            if (at != text.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private Object value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a field name");
                }
                String key = string();
                skipSpace();
                expect(':');
                if (object.containsKey(key)) {
                    throw error("duplicate field " + key);
                }
                object.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    throw error("expected , or }");
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (peek() == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return array;
                }
                if (c != ',') {
                    throw error("expected , or ]");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                throw error("a non-integer number: this verifier handles the ledger's events, whose money is strings");
            }
            if (at == start || text.substring(start, at).equals("-")) {
                throw error("unexpected character");
            }
            return new BigInteger(text.substring(start, at));
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected literal");
            }
            at += word.length();
            return value;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private char next() {
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(at++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at offset " + at + ": " + what);
        }
    }
}
