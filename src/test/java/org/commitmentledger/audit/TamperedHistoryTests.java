package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.history.query.FeedEntries;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Tampers with the database behind the ledger's back, as someone with write access to it could, and checks that
 * verification names the first bad sequence every time. This class runs in its own application context on its own
 * database, so the tampering never reaches the shared one; each test keeps the rows it touches and restores them
 * (then checks the chain is whole again), so the tests do not depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-db/tamper-${random.uuid};DB_CLOSE_ON_EXIT=FALSE;"
                + "LOCK_TIMEOUT=10000"
})
class TamperedHistoryTests extends LedgerHttpTest {

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

    // ---- writing, reading and tampering ----

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
                jdbc.queryForMap("select last_sequence, head from chain_head where id = 1"));
    }

    private final class Kept implements AutoCloseable {
        private final long from;
        private final List<Map<String, Object>> events;
        private final List<Map<String, Object>> chain;
        private final Map<String, Object> head;

        Kept(long from, List<Map<String, Object>> events, List<Map<String, Object>> chain, Map<String, Object> head) {
            this.from = from;
            this.events = events;
            this.chain = chain;
            this.head = head;
        }

        @Override
        public void close() {
            jdbc.update("delete from domain_event_entry where global_index >= ? or global_index <= ?", from, -from);
            jdbc.update("delete from event_chain where global_index >= ?", from);
            events.forEach(row -> insert("domain_event_entry", row));
            chain.forEach(row -> insert("event_chain", row));
            jdbc.update("update chain_head set last_sequence = ?, head = ? where id = 1", head.get("LAST_SEQUENCE"),
                    head.get("HEAD"));
            JsonNode verification = verify();
            assertThat(verification.get("valid").asBoolean()).as("restored: " + verification).isTrue();
        }
    }
}
