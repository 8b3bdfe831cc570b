package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.eventlog.FeedEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Tampers with the database behind the ledger's back, as someone with write access to it could, and checks that
 * verification names the first bad sequence every time. This class runs in its own application context on its own
 * database, so the tampering never reaches the shared one; each test keeps the rows it touches and restores them
 * (then checks the chain is whole again), so the tests do not depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-db/tamper-${random.uuid};DB_CLOSE_ON_EXIT=FALSE;"
                + "LOCK_TIMEOUT=10000",
        // checkpoints are signed by the tests, never of a tampered tree behind their back
        "ledger.audit.checkpoint-poll=PT1H"
})
class TamperedHistoryTests extends LedgerHttpTest {

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    TreeStore tree;

    @Autowired
    TreeBackfill backfill;

    @TempDir
    Path auditor;

    @Test
    void namesAnEventWithOneFlippedPayloadByte() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            byte[] payload = payload(events.get(1));
            int reason = indexOf(payload, "\"reason\":\"") + 10;
            payload[reason] ^= 0x01;
            setPayload(events.get(1), payload);

            assertNamed(verify(), events.get(1), "does not hash to its chain entry");
            assertThat(verify().get("headSequence").asLong()).isEqualTo(events.get(0));
            AuditFixtures.Run run = AuditFixtures.verifier(port);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("INVALID at sequence " + events.get(1));
        }
    }

    @Test
    void namesAnEventWhosePayloadIsNoLongerJson() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            JsonNode digest = digest();
            byte[] payload = payload(events.get(1));
            payload[0] = '#';
            setPayload(events.get(1), payload);

            // the feed shows the broken payload as text, so the hash no longer matches and the event is named
            assertNamed(verify(), events.get(1), "does not hash");
            JsonNode check = verifyDigest(digest);
            assertThat(check.get("valid").asBoolean()).isFalse();
            assertThat(check.get("actual").asText()).isNotEqualTo(check.get("expected").asText());
            assertThat(check.get("reason").asText()).contains("lead to another hash");
        }
    }

    @Test
    void namesAnEventWhoseAmountWasChanged() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            String payload = new String(payload(events.get(1)), StandardCharsets.UTF_8);
            assertThat(payload).contains("\"targetEur\":\"1001.25\"");
            setPayload(events.get(1), payload.replace("\"targetEur\":\"1001.25\"", "\"targetEur\":\"9001.25\"")
                    .getBytes(StandardCharsets.UTF_8));

            assertNamed(verify(), events.get(1), "does not hash to its chain entry");
        }
    }

    @Test
    void namesADeletedEvent() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("delete from domain_event_entry where global_index = ?", events.get(1));

            assertNamed(verify(), events.get(1), "missing from the event store");
        }
    }

    @Test
    void namesTheEventAfterOneDeletedFromBothTables() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("delete from domain_event_entry where global_index = ?", events.get(1));
            jdbc.update("delete from event_chain where global_index = ?", events.get(1));

            assertNamed(verify(), events.get(2), "does not hash to its chain entry");
            AuditFixtures.Run run = AuditFixtures.verifier(port);
            assertThat(run.output()).contains("INVALID at sequence " + events.get(2));
        }
    }

    @Test
    void namesTheFirstOfTwoEventsSwappedInOrder() {
        List<Long> events = writeFund(4);
        try (Kept kept = keep(events.get(0))) {
            long first = events.get(1);
            long second = events.get(2);
            jdbc.update("update domain_event_entry set global_index = ? where global_index = ?", -first, first);
            jdbc.update("update domain_event_entry set global_index = ? where global_index = ?", first, second);
            jdbc.update("update domain_event_entry set global_index = ? where global_index = ?", second, -first);

            assertNamed(verify(), first, "does not hash to its chain entry");
        }
    }

    @Test
    void namesTheFirstOfTwoEventsWhosePayloadsWereSwapped() {
        List<Long> events = writeFund(4);
        try (Kept kept = keep(events.get(0))) {
            byte[] first = payload(events.get(1));
            byte[] second = payload(events.get(2));
            setPayload(events.get(1), second);
            setPayload(events.get(2), first);

            assertNamed(verify(), events.get(1), "does not hash to its chain entry");
        }
    }

    @Test
    void namesTheFirstEventOfATruncatedTail() {
        List<Long> events = writeFund(4);
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("delete from domain_event_entry where global_index >= ?", events.get(2));

            assertNamed(verify(), events.get(2), "missing from the event store");
        }
    }

    @Test
    void namesTheFirstEventOfATailTruncatedFromBothTables() {
        List<Long> events = writeFund(4);
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("delete from domain_event_entry where global_index >= ?", events.get(2));
            jdbc.update("delete from event_chain where global_index >= ?", events.get(2));

            assertNamed(verify(), events.get(2), "the tail of the history was removed");
        }
    }

    @Test
    void namesAForgedEventAppendedBehindTheLedgersBack() {
        List<Long> events = writeFund(2);
        try (Kept kept = keep(events.get(0))) {
            long forged = jdbc.queryForObject("select next value for domain_event_entry_seq", Long.class);
            forge(forged, events.get(1));

            assertNamed(verify(), forged, "after the chain head");
            AuditFixtures.Run run = AuditFixtures.verifier(port);
            assertThat(run.output()).contains("INVALID at sequence " + forged);
        }
    }

    @Test
    void namesAForgedEventInsertedIntoAGapOfTheSequence() {
        List<Long> before = writeFund(1);
        long gap = jdbc.queryForObject("select next value for domain_event_entry_seq", Long.class);
        List<Long> after = writeFund(2);
        try (Kept kept = keep(before.get(0))) {
            forge(gap, after.get(1));

            assertNamed(verify(), gap, "has no chain entry");
        }
    }

    @Test
    void namesAChainEntryOrHeadEditedAlone() {
        List<Long> events = writeFund(3);
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("update event_chain set hash = ? where global_index = ?", "ab".repeat(32), events.get(1));

            assertNamed(verify(), events.get(1), "does not hash to its chain entry");
        }
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("update chain_head set head = ? where id = 1", "ab".repeat(32));

            assertNamed(verify(), events.get(2), "stored chain head differs");
        }
    }

    @Test
    void keptDigestPassesWhenOnlyNewerEventsChangedAndFailsWhenOlderOnesDid() {
        List<Long> older = writeFund(2);
        JsonNode kept = digest();
        assertThat(kept.get("sequence").asLong()).isEqualTo(older.get(1));
        List<Long> newer = writeFund(2);

        assertThat(verifyDigest(kept).get("valid").asBoolean()).isTrue();
        try (Kept saved = keep(newer.get(0))) {
            jdbc.update("delete from domain_event_entry where global_index = ?", newer.get(1));

            assertNamed(verify(), newer.get(1), "missing from the event store");
            JsonNode check = verifyDigest(kept);
            assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
            assertThat(check.get("actual").asText()).isEqualTo(kept.get("head").asText());
        }
        try (Kept saved = keep(older.get(0))) {
            String payload = new String(payload(older.get(0)), StandardCharsets.UTF_8);
            setPayload(older.get(0), payload.replace("\"1000.00\"", "\"1.00\"").getBytes(StandardCharsets.UTF_8));

            JsonNode check = verifyDigest(kept);
            assertThat(check.get("valid").asBoolean()).isFalse();
            assertThat(check.get("sequence").asLong()).isEqualTo(older.get(1));
            assertThat(check.get("expected").asText()).isEqualTo(kept.get("head").asText());
            assertThat(check.get("actual").asText()).matches("[0-9a-f]{64}").isNotEqualTo(kept.get("head").asText());
        }
    }

    @Test
    void keptDigestCatchesARewriteOfBothTablesThatVerifyCannotSee() {
        List<Long> events = writeFund(3);
        JsonNode kept = digest();
        try (Kept saved = keep(events.get(0))) {
            String payload = new String(payload(events.get(1)), StandardCharsets.UTF_8);
            setPayload(events.get(1), payload.replace("\"targetEur\":\"1001.25\"", "\"targetEur\":\"1.25\"")
                    .getBytes(StandardCharsets.UTF_8));
            String forgedHead = rechainFrom(events.get(1));
            assertNamed(verify(), events.get(1), "does not hash to its leaf in the Merkle tree");
            saved.treeRewritten();
            rewriteTree();
            jdbc.update("delete from audit_checkpoint");

            JsonNode whole = verify();
            assertThat(whole.get("valid").asBoolean()).as(whole.toString()).isTrue();
            assertThat(whole.get("head").asText()).isEqualTo(forgedHead);
            assertThat(AuditFixtures.verifier(port).exitCode()).isZero();

            JsonNode check = verifyDigest(kept);
            assertThat(check.get("valid").asBoolean()).isFalse();
            assertThat(check.get("actual").asText()).isEqualTo(forgedHead);
            AuditFixtures.Run run = AuditFixtures.verifier(port, kept.get("head").asText(),
                    kept.get("sequence").asText());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("INVALID at sequence " + kept.get("sequence").asText());
        }
    }

    @Test
    void keptSignedCheckpointCatchesAConsistentRewriteOfEventsChainAndTree() throws IOException {
        List<Long> events = writeFund(3);
        Path key = auditor.resolve("ledger.vkey");
        Files.writeString(key, as("auditor").get("/api/audit/public-key").json().get("verifierKey").asText());
        Path kept2024 = auditor.resolve("checkpoint-2024.txt");
        checkpoints.sign(tree.head().size());
        AuditFixtures.Run saved = AuditFixtures.verifier(port, "checkpoint", key.toString(), kept2024.toString());
        assertThat(saved.exitCode()).as(saved.output()).isZero();
        long keptSize = Long.parseLong(Files.readString(kept2024).split("\n")[1]);
        try (Kept kept = keep(events.get(0))) {
            kept.treeRewritten();
            String payload = new String(payload(events.get(1)), StandardCharsets.UTF_8);
            setPayload(events.get(1), payload.replace("\"targetEur\":\"1001.25\"", "\"targetEur\":\"1.25\"")
                    .getBytes(StandardCharsets.UTF_8));
            rechainFrom(events.get(1));
            rewriteTree();

            // the stored checkpoint still names the rewrite ...
            assertNamed(verify(), events.get(2), "signed checkpoint");
            // ... until it is deleted too, and the service signs the rewritten tree as it signs any tree
            jdbc.update("delete from audit_checkpoint");
            checkpoints.sign(tree.head().size());
            JsonNode whole = verify();
            assertThat(whole.get("valid").asBoolean()).as(whole.toString()).isTrue();

            AuditFixtures.Run consistency = AuditFixtures.verifier(port, "consistency", key.toString(),
                    kept2024.toString());
            assertThat(consistency.exitCode()).as(consistency.output()).isEqualTo(1);
            assertThat(consistency.output()).contains("INVALID: the ledger's tree of " + keptSize
                    + " leaves now has the root").contains("was rewritten");
            AuditFixtures.Run inclusion = AuditFixtures.verifier(port, "inclusion", key.toString(),
                    kept2024.toString(), String.valueOf(events.get(1)));
            assertThat(inclusion.exitCode()).as(inclusion.output()).isEqualTo(1);
            assertThat(inclusion.output()).contains("INVALID at sequence " + events.get(1));
        }
    }

    @Test
    void namesAnEventWhoseAggregateIdentifierOrSequenceWasChanged() {
        List<Long> events = writeFund(3);
        checkpoints.sign(tree.head().size());
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("update domain_event_entry set aggregate_identifier = ? where global_index = ?",
                    "f-moved-elsewhere", events.get(1));

            assertNamed(verify(), events.get(1), "aggregate identifier or aggregate sequence was altered");
            assertThat(as("auditor").get("/api/events?after=" + (events.get(1) - 1) + "&limit=1").json()
                    .at("/events/0/aggregateId").asText()).isEqualTo("f-moved-elsewhere");
        }
        try (Kept kept = keep(events.get(0))) {
            jdbc.update("update domain_event_entry set sequence_number = ? where global_index = ?", 77,
                    events.get(2));

            assertNamed(verify(), events.get(2), "aggregate identifier or aggregate sequence was altered");
        }
    }

    @Test
    void namesTheLeafWhenTreeRowsAloneWereRewritten() {
        List<Long> events = writeFund(2);
        try (Kept kept = keep(events.get(0))) {
            kept.treeRewritten();
            long leaf = tree.leafIndex(events.get(1)).orElseThrow();
            jdbc.update("update merkle_node set hash = ? where node_id = ?", "ab".repeat(32), leaf);

            assertNamed(verify(), events.get(1), "does not hash to its leaf");
        }
    }

    @Test
    void givesEventsStoredBeforeTheTreeTheirLeavesInFeedOrder() {
        List<Long> before = writeFund(3);
        try (Kept kept = keep(before.get(0))) {
            kept.treeRewritten();
            // a store from before the tree: events and chain, no tree rows
            jdbc.update("delete from merkle_leaf");
            jdbc.update("delete from merkle_node");
            jdbc.update("update merkle_head set tree_size = 0, last_sequence = 0 where id = 1");

            // the next append adds the missing leaves first, under the chain lock, then its own
            long appended = writeFund(1).get(0);
            long events = eventCount();

            assertThat(tree.head().size()).isEqualTo(events);
            assertThat(tree.leafIndex(appended)).contains(events - 1);
            assertThat(backfill.run()).as("nothing left for the backfill").isZero();
            JsonNode whole = verify();
            assertThat(whole.get("valid").asBoolean()).as(whole.toString()).isTrue();
            assertThat(whole.get("treeSize").asLong()).isEqualTo(events);
        }
    }

    @Test
    void answersAFullVerificationOutOfTheMerkleTreeToo() {
        writeFund(2);
        checkpoints.sign(tree.head().size());

        JsonNode whole = verify();

        assertThat(whole.get("valid").asBoolean()).as(whole.toString()).isTrue();
        assertThat(whole.get("treeSize").asLong()).isEqualTo(tree.head().size());
        assertThat(whole.get("rootHash").asText()).isEqualTo(MerkleTree.hex(tree.root(tree.head().size())));
    }

    // ---- writing, reading and tampering ----

    /** What an attacker who knows the scheme does to the tree: rebuild it from the (edited) events. */
    private void rewriteTree() {
        jdbc.update("delete from merkle_leaf");
        jdbc.update("delete from merkle_node");
        jdbc.update("update merkle_head set tree_size = 0, last_sequence = 0 where id = 1");
        backfill.run();
    }

    private List<Long> writeFund(int events) {
        return AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), events, "tamper test");
    }

    private JsonNode verify() {
        Response response = as("auditor").get("/api/audit/verify");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode digest() {
        return as("auditor").get("/api/audit/digest").json();
    }

    private JsonNode verifyDigest(JsonNode digest) {
        Response response = as("auditor").get("/api/audit/verify?digest=" + digest.get("head").asText()
                + "&sequence=" + digest.get("sequence").asLong());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static void assertNamed(JsonNode verification, long sequence, String reason) {
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isFalse();
        assertThat(verification.get("firstInvalidSequence").asLong()).as(verification.toString()).isEqualTo(sequence);
        assertThat(verification.get("reason").asText()).contains(reason);
    }

    private byte[] payload(long sequence) {
        return jdbc.queryForObject("select payload from domain_event_entry where global_index = ?", byte[].class,
                sequence);
    }

    private void setPayload(long sequence, byte[] payload) {
        assertThat(jdbc.update("update domain_event_entry set payload = ? where global_index = ?", payload, sequence))
                .isEqualTo(1);
    }

    private static int indexOf(byte[] haystack, String needle) {
        int at = new String(haystack, StandardCharsets.ISO_8859_1).indexOf(needle);
        assertThat(at).as("payload contains " + needle).isNotNegative();
        return at;
    }

    /** A plausible row at {@code sequence}: a copy of another event of the same fund, as its next event. */
    private void forge(long sequence, long model) {
        Map<String, Object> row = jdbc.queryForMap("select * from domain_event_entry where global_index = ?", model);
        long next = jdbc.queryForObject("select max(sequence_number) + 1 from domain_event_entry "
                + "where aggregate_identifier = ?", Long.class, row.get("AGGREGATE_IDENTIFIER"));
        row.put("GLOBAL_INDEX", sequence);
        row.put("EVENT_IDENTIFIER", UUID.randomUUID().toString());
        row.put("SEQUENCE_NUMBER", next);
        insert("domain_event_entry", row);
    }

    /** What an attacker who knows the scheme does: recompute the chain entries and the head over the edited events. */
    private String rechainFrom(long sequence) {
        String previous = jdbc.queryForObject("select hash from event_chain where global_index = (select "
                + "max(global_index) from event_chain where global_index < ?)", String.class, sequence).trim();
        List<Map<String, Object>> rows = jdbc.queryForList("select global_index, payload_type, time_stamp, payload, "
                + "meta_data from domain_event_entry where global_index >= ? order by global_index", sequence);
        long last = 0;
        for (Map<String, Object> row : rows) {
            last = ((Number) row.get("GLOBAL_INDEX")).longValue();
            previous = HashChain.next(previous, FeedEntries.of(last, (String) row.get("PAYLOAD_TYPE"),
                    (String) row.get("TIME_STAMP"), (byte[]) row.get("PAYLOAD"), (byte[]) row.get("META_DATA")));
            jdbc.update("update event_chain set hash = ? where global_index = ?", previous, last);
        }
        jdbc.update("update chain_head set last_sequence = ?, head = ? where id = 1", last, previous);
        return previous;
    }

    private void insert(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks = row.keySet().stream().map(c -> "?").collect(Collectors.joining(", "));
        jdbc.update("insert into " + table + " (" + columns + ") values (" + marks + ")", row.values().toArray());
    }

    /** The rows from a sequence on, and the head, as they were; closing puts them back and checks the chain. */
    private Kept keep(long from) {
        return new Kept(from,
                jdbc.queryForList("select * from domain_event_entry where global_index >= ?", from),
                jdbc.queryForList("select * from event_chain where global_index >= ?", from),
                jdbc.queryForMap("select last_sequence, head from chain_head where id = 1"),
                jdbc.queryForList("select * from audit_checkpoint"));
    }

    private final class Kept implements AutoCloseable {
        private final long from;
        private final List<Map<String, Object>> events;
        private final List<Map<String, Object>> chain;
        private final Map<String, Object> head;
        private final List<Map<String, Object>> signed;
        private boolean treeRewritten;

        Kept(long from, List<Map<String, Object>> events, List<Map<String, Object>> chain, Map<String, Object> head,
             List<Map<String, Object>> signed) {
            this.from = from;
            this.events = events;
            this.chain = chain;
            this.head = head;
            this.signed = signed;
        }

        /** The test rewrites tree rows or checkpoints: closing rebuilds the tree and puts the checkpoints back. */
        void treeRewritten() {
            treeRewritten = true;
        }

        @Override
        public void close() {
            jdbc.update("delete from domain_event_entry where global_index >= ? or global_index <= ?", from, -from);
            jdbc.update("delete from event_chain where global_index >= ?", from);
            events.forEach(row -> insert("domain_event_entry", row));
            chain.forEach(row -> insert("event_chain", row));
            jdbc.update("update chain_head set last_sequence = ?, head = ? where id = 1", head.get("LAST_SEQUENCE"),
                    head.get("HEAD"));
            if (treeRewritten) {
                rewriteTree();
                jdbc.update("delete from audit_checkpoint");
                signed.forEach(row -> insert("audit_checkpoint", row));
            }
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).as("restored: " + verification).isTrue();
        }
    }
}
