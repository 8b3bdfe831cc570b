package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.audit.api.Checkpoint;
import org.commitmentledger.write.CommitsUnderWay;
import org.commitmentledger.write.StoredCommits;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proofs, checkpoints and the public key over real HTTP on the shared database, each checked the way an auditor
 * checks it: the leaf from the feed entry, the path by RFC 9162's own algorithms ({@link MerkleTreeTests.Rfc9162}),
 * the root and size from a checkpoint whose signature is checked with the served public key.
 */
class ProofHttpTests extends LedgerHttpTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    StoredCommits storedCommits;

    @Autowired
    TreeStore tree;

    @Test
    void feedAndHistoriesShowEachEventsAggregateAndItsSequenceInIt() {
        String fund = fundId();
        List<Long> written = AuditFixtures.fundWithAmendments(as("secretariat"), fund, 2, "terms");

        JsonNode feed = as("auditor").get("/api/events?after=" + (written.get(0) - 1) + "&limit=1").json();
        JsonNode history = as("auditor").get("/api/funds/" + fund + "/history").json().get("events");

        assertThat(feed.at("/events/0/aggregateId").asText()).isEqualTo(fund);
        assertThat(feed.at("/events/0/aggregateSequence").asLong()).isZero();
        assertThat(history.get(1).get("aggregateId").asText()).isEqualTo(fund);
        assertThat(history.get(1).get("aggregateSequence").asLong()).isEqualTo(1);
    }

    @Test
    void provesAnEventsInclusionInASignedCheckpointFromTheFeedEntryAlone() throws Exception {
        long sequence = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "inclusion").get(1);
        JsonNode checkpoint = signedNow();
        Note note = Note.parse(checkpoint.get("note").asText(), publicKey());

        Response answer = as("auditor").get("/api/audit/proof/inclusion?sequence=" + sequence + "&treeSize="
                + note.size);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode proof = answer.json();
        assertThat(proof.get("sequence").asLong()).isEqualTo(sequence);
        assertThat(proof.get("treeSize").asLong()).isEqualTo(note.size);
        assertThat(proof.get("rootHash").asText()).isEqualTo(HEX.formatHex(note.root));
        byte[] leaf = leafOf(feedEntry(sequence));
        assertThat(proof.get("leafHash").asText()).isEqualTo(HEX.formatHex(leaf));
        assertThat(MerkleTreeTests.Rfc9162.verifyInclusion(proof.get("leafIndex").asLong(), note.size, leaf,
                path(proof.get("auditPath")), note.root)).isTrue();
        assertThat(MerkleTreeTests.Rfc9162.verifyInclusion(proof.get("leafIndex").asLong() + 1, note.size, leaf,
                path(proof.get("auditPath")), note.root)).as("bound to its leaf index").isFalse();
    }

    @Test
    void provesTheCurrentCheckpointExtendsAnEarlierOne() throws Exception {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "earlier");
        Note kept = Note.parse(signedNow().get("note").asText(), publicKey());
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 3, "later");
        Note now = Note.parse(signedNow().get("note").asText(), publicKey());

        Response answer = as("auditor").get("/api/audit/proof/consistency?from=" + kept.size + "&to=" + now.size);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode proof = answer.json();
        assertThat(proof.get("fromRoot").asText()).isEqualTo(HEX.formatHex(kept.root));
        assertThat(proof.get("toRoot").asText()).isEqualTo(HEX.formatHex(now.root));
        assertThat(MerkleTreeTests.Rfc9162.verifyConsistency(kept.size, now.size, kept.root, now.root,
                path(proof.get("path")))).isTrue();
        assertThat(MerkleTreeTests.Rfc9162.verifyConsistency(kept.size, now.size, now.root, now.root,
                path(proof.get("path")))).as("bound to the kept root").isFalse();
    }

    @Test
    void servesCheckpointsInTheSignedNoteFormatWithItsKeysId() throws Exception {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "note");
        JsonNode checkpoint = signedNow();
        JsonNode key = as("auditor").get("/api/audit/public-key").json();

        String[] lines = checkpoint.get("note").asText().split("\n", -1);
        assertThat(lines[0]).isEqualTo(key.get("origin").asText());
        assertThat(Long.parseLong(lines[1])).isEqualTo(checkpoint.get("treeSize").asLong());
        assertThat(HEX.formatHex(Base64.getDecoder().decode(lines[2]))).isEqualTo(checkpoint.get("rootHash").asText());
        assertThat(lines[3]).isEqualTo("time " + checkpoint.get("signedAt").asText());
        assertThat(lines[4]).isEmpty();
        assertThat(lines[5]).startsWith("\u2014 " + key.get("keyName").asText() + " ");
        assertThat(checkpoint.get("signatureValid").asBoolean()).isTrue();
        byte[] raw = Base64.getDecoder().decode(key.get("publicKey").asText());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((key.get("keyName").asText() + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        assertThat(HEX.formatHex(Arrays.copyOf(sha.digest(raw), 4))).isEqualTo(key.get("keyId").asText());
        assertThat(key.get("verifierKey").asText()).startsWith(key.get("keyName").asText() + "+"
                + key.get("keyId").asText() + "+");
        assertThat(key.get("publicKeyPem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void signsAtMostEveryIntervalOrBatchOfEvents() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "rate");
        signedNow();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "rate again");

        assertThat(checkpoints.signIfDue()).as("the interval has not passed, too few events").isEmpty();
    }

    /** A leaf a crash could still take back is never signed (ADR 0067): the signer waits for the store. */
    @Test
    void signsACheckpointOnlyOnceTheCommitUnderWayIsStored() throws Exception {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "stored first");
        long ticket = CommitsUnderWay.begin(storedCommits);
        try {
            CompletableFuture<Optional<Checkpoint>> signing = CompletableFuture.supplyAsync(checkpoints::signIfDue);
            TimeUnit.MILLISECONDS.sleep(400);
            assertThat(signing).as("signed while a commit was not stored").isNotDone();

            CommitsUnderWay.stored(storedCommits, ticket);
            assertThat(signing).succeedsWithin(Duration.ofSeconds(10));
        } finally {
            CommitsUnderWay.stored(storedCommits, ticket);
        }
    }

    @Test
    void listsCheckpointsPageByPage() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "list");
        long first = signedNow().get("treeSize").asLong();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "list again");
        long second = signedNow().get("treeSize").asLong();

        JsonNode page = as("auditor").get("/api/audit/checkpoints?after=" + (first - 1) + "&limit=1").json();

        assertThat(page.at("/checkpoints/0/treeSize").asLong()).isEqualTo(first);
        assertThat(page.get("next").asLong()).isEqualTo(first);
        JsonNode rest = as("auditor").get("/api/audit/checkpoints?after=" + first + "&limit=1000").json();
        assertThat(rest.at("/checkpoints/0/treeSize").asLong()).isEqualTo(second);
    }

    @Test
    void refusesProofsOutsideTheTreeAsProblems() {
        long sequence = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "refusals").get(1);
        long size = tree.head().size();

        assertProblem(as("auditor").get("/api/audit/proof/inclusion?sequence=" + sequence + "&treeSize="
                + (size + 1)), 400, "treeSize");
        assertProblem(as("auditor").get("/api/audit/proof/inclusion?sequence=" + sequence + "&treeSize=1"),
                400, "treeSize");
        assertProblem(as("auditor").get("/api/audit/proof/inclusion?sequence=x"), 400, "sequence");
        assertProblem(as("auditor").get("/api/audit/proof/inclusion"), 400, "sequence");
        assertThat(as("auditor").get("/api/audit/proof/inclusion?sequence=" + (sequence + 1_000_000)).status())
                .isEqualTo(404);
        assertProblem(as("auditor").get("/api/audit/proof/consistency?from=3&to=2"), 400, "from");
        assertProblem(as("auditor").get("/api/audit/proof/consistency?from=1&to=" + (size + 1)), 400, "to");
        assertProblem(as("auditor").get("/api/audit/proof/consistency?from=0&to=1"), 400, "from");
        assertProblem(as("auditor").get("/api/audit/checkpoints?limit=1001"), 400, "limit");
    }

    @Test
    void opensProofsCheckpointsAndTheKeyToAuditorsAndAdminsOnly() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "roles");
        signedNow();
        for (String path : List.of("/api/audit/proof/inclusion?sequence=1", "/api/audit/proof/consistency?from=1",
                "/api/audit/checkpoint", "/api/audit/checkpoints", "/api/audit/public-key")) {
            assertThat(as("auditor").get(path).status()).as("auditor " + path).isEqualTo(200);
            assertThat(as("admin").get(path).status()).as("admin " + path).isEqualTo(200);
            Response refused = as("secretariat").get(path);
            assertThat(refused.status()).as("secretariat " + path).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asText()).contains("AUDITOR and ADMIN");
            assertThat(anonymous().get(path).status()).isEqualTo(401);
        }
    }

    @Test
    void answersAFullVerificationWithTheRecomputedTree() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "full");
        signedNow();

        JsonNode verify = as("auditor").get("/api/audit/verify").json();

        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.get("treeSize").asLong()).isPositive();
        assertThat(verify.get("rootHash").asText()).matches("[0-9a-f]{64}");
    }

    // ---- as an auditor checks ----

    private JsonNode signedNow() {
        checkpoints.sign(tree.head().size());
        Response latest = as("auditor").get("/api/audit/checkpoint");
        assertThat(latest.status()).as(latest.toString()).isEqualTo(200);
        return latest.json();
    }

    private PublicKey publicKey() throws Exception {
        byte[] raw = Base64.getDecoder().decode(as("auditor").get("/api/audit/public-key").json()
                .get("publicKey").asText());
        byte[] spki = HEX.parseHex("302a300506032b6570032100" + HEX.formatHex(raw));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private JsonNode feedEntry(long sequence) {
        return as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1").json().get("events").get(0);
    }

    /** SHA-256(0x00 ‖ RFC 8785 of the feed entry without its chain hash), by the reference canonicaliser. */
    static byte[] leafOf(JsonNode entry) throws Exception {
        ObjectNode leaf = entry.deepCopy();
        leaf.remove("hash");
        if (!leaf.has("effectiveAt")) {
            leaf.putNull("effectiveAt");
        }
        byte[] canonical = new JsonCanonicalizer(JSON.writeValueAsString(leaf)).getEncodedUTF8();
        return MerkleTreeTests.Rfc9162.sha256(new byte[] {0}, canonical);
    }

    private static List<byte[]> path(JsonNode hexes) {
        List<byte[]> path = new ArrayList<>();
        hexes.forEach(h -> path.add(HEX.parseHex(h.asText())));
        return path;
    }

    private static void assertProblem(Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().at("/errors/0/field").asText()).as(response.toString()).isEqualTo(field);
    }

    /** A checkpoint whose signature was checked with the served key: its size and root can be trusted. */
    record Note(long size, byte[] root) {

        static Note parse(String note, PublicKey key) throws Exception {
            int split = note.lastIndexOf("\n\n");
            String text = note.substring(0, split + 1);
            String[] lines = text.split("\n");
            String signature = note.substring(split + 2).split("\n")[0];
            byte[] keyed = Base64.getDecoder().decode(signature.substring(signature.lastIndexOf(' ') + 1));
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update(text.getBytes(StandardCharsets.UTF_8));
            assertThat(ed.verify(Arrays.copyOfRange(keyed, 4, keyed.length))).as("signature of " + note).isTrue();
            return new Note(Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
        }
    }
}
