package org.commitmentledger.audit;

import org.commitmentledger.audit.api.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import org.commitmentledger.eventlog.EventJson;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.junit.jupiter.api.Test;

/**
 * The frozen test vector of the hash chain (ADR 0007). The canonical forms and hashes below were computed once, and
 * checked against an independent implementation; they are literals on purpose. If one of these tests fails, the hash
 * of every stored event changed meaning: a change of Jackson settings, of the canonicaliser or of the feed mapping
 * broke every digest an auditor keeps. Fix the cause; never update the literals.
 */
class HashChainTests {

    static final String PROPOSED_PAYLOAD = "{\"fundId\":\"clean-water\",\"name\":\"Clean water\",\"round\":1,"
            + "\"targetEur\":\"2500000.00\",\"periodStart\":\"2025-01-01\",\"periodEnd\":\"2025-12-31\","
            + "\"decisionDeadline\":\"2024-07-01T00:00:00.000Z\",\"effectiveAt\":\"2024-04-02T00:00:00.000Z\"}";
    static final String AMENDED_PAYLOAD = "{\"fundId\":\"clean-water\",\"round\":2,\"supersededRound\":1,"
            + "\"targetEur\":\"3000000.10\",\"periodStart\":\"2025-01-01\",\"periodEnd\":\"2026-06-30\","
            + "\"decisionDeadline\":\"2024-08-01T00:00:00.000Z\","
            + "\"reason\":\"Z\u00fcrich \u2013 \u20ac \\\"Q3\\\"\\n\\u0001\",\"effectiveAt\":\"2024-05-10T00:00:00.000Z\"}";
    static final String PLEDGE_PAYLOAD = "{\"pledgeId\":\"6f1c2a9e-0b7d-4c1e-9a55-3f2d8e4b7c10\","
            + "\"fundId\":\"clean-water\",\"member\":\"DEU\",\"year\":2025,\"amount\":\"1500.50\",\"currency\":\"CHF\","
            + "\"eurRate\":\"1.0234500000\",\"eurAmount\":\"1535.68\",\"note\":null,\"withdrawn\":false,"
            + "\"tags\":[\"b\",\"a\"]}";

    static final String PROPOSED_CANONICAL = "{\"actor\":{\"role\":\"SECRETARIAT\",\"user\":\"secretariat\"},"
            + "\"effectiveAt\":\"2024-04-02T00:00:00.000Z\",\"payload\":{\"decisionDeadline\":\"2024-07-01T00:00:00.000Z\","
            + "\"effectiveAt\":\"2024-04-02T00:00:00.000Z\",\"fundId\":\"clean-water\",\"name\":\"Clean water\","
            + "\"periodEnd\":\"2025-12-31\",\"periodStart\":\"2025-01-01\",\"round\":1,\"targetEur\":\"2500000.00\"},"
            + "\"recordedAt\":\"2024-04-02T09:15:00.000Z\",\"sequence\":1,\"type\":\"FundProposed\"}";
    static final String AMENDED_CANONICAL = "{\"actor\":{\"role\":\"SECRETARIAT\",\"user\":\"secretariat\"},"
            + "\"effectiveAt\":\"2024-05-10T00:00:00.000Z\",\"payload\":{\"decisionDeadline\":\"2024-08-01T00:00:00.000Z\","
            + "\"effectiveAt\":\"2024-05-10T00:00:00.000Z\",\"fundId\":\"clean-water\",\"periodEnd\":\"2026-06-30\","
            + "\"periodStart\":\"2025-01-01\",\"reason\":\"Z\u00fcrich \u2013 \u20ac \\\"Q3\\\"\\n\\u0001\",\"round\":2,"
            + "\"supersededRound\":1,\"targetEur\":\"3000000.10\"},\"recordedAt\":\"2024-05-10T14:30:05.250Z\","
            + "\"sequence\":2,\"type\":\"FundAmended\"}";
    static final String PLEDGE_CANONICAL = "{\"actor\":{\"role\":\"DELEGATE\",\"user\":\"delegate-DEU\"},"
            + "\"effectiveAt\":null,\"payload\":{\"amount\":\"1500.50\",\"currency\":\"CHF\",\"eurAmount\":\"1535.68\","
            + "\"eurRate\":\"1.0234500000\",\"fundId\":\"clean-water\",\"member\":\"DEU\",\"note\":null,"
            + "\"pledgeId\":\"6f1c2a9e-0b7d-4c1e-9a55-3f2d8e4b7c10\",\"tags\":[\"b\",\"a\"],\"withdrawn\":false,"
            + "\"year\":2025},\"recordedAt\":\"2024-05-11T08:00:00.000Z\",\"sequence\":4,\"type\":\"PledgeMade\"}";

    static final String PROPOSED_HASH = "69722478df0f5cb0fbe3b1b4f6e1afdc14463c876dde2292df9dddf0c93a1eda";
    static final String AMENDED_HASH = "17e09176883af446584a31e5b503e088e01b7817719357c9c61013cbd6d2bc71";
    static final String PLEDGE_HASH = "18751ff18b377a614ca3073bbde09a21ed165becb6564503b403211f304b93ca";

    static final String SECRETARIAT = "{\"traceId\":\"t-1\",\"correlationId\":\"c-1\","
            + "\"actor\":{\"user\":\"secretariat\",\"role\":\"SECRETARIAT\"}}";
    static final String DELEGATE = "{\"actor\":{\"user\":\"delegate-DEU\",\"role\":\"DELEGATE\"}}";

    static FeedEntry stored(long sequence, String payloadType, String timeStamp, String payload, String metaData) {
        return FeedEntries.of(sequence, payloadType, timeStamp, payload.getBytes(StandardCharsets.UTF_8),
                metaData.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheCanonicalFormsAndHashesOfKnownEventsForever() {
        FeedEntry proposed = stored(1, "org.commitmentledger.fund.api.FundProposedEvent", "2024-04-02T09:15:00Z",
                PROPOSED_PAYLOAD, SECRETARIAT);
        FeedEntry amended = stored(2, "org.commitmentledger.fund.api.FundAmendedEvent", "2024-05-10T14:30:05.250Z",
                AMENDED_PAYLOAD, SECRETARIAT);
        FeedEntry pledged = stored(4, "org.commitmentledger.pledge.api.PledgeMadeEvent", "2024-05-11T08:00:00.000Z",
                PLEDGE_PAYLOAD, DELEGATE);

        assertThat(HashChain.canonical(proposed)).isEqualTo(PROPOSED_CANONICAL);
        assertThat(HashChain.canonical(amended)).isEqualTo(AMENDED_CANONICAL);
        assertThat(HashChain.canonical(pledged)).isEqualTo(PLEDGE_CANONICAL);

        assertThat(HashChain.next(HashChain.GENESIS, proposed)).isEqualTo(PROPOSED_HASH);
        assertThat(HashChain.next(PROPOSED_HASH, amended)).isEqualTo(AMENDED_HASH);
        assertThat(HashChain.next(AMENDED_HASH, pledged)).isEqualTo(PLEDGE_HASH);
    }

    @Test
    void hashesThePreviousHashTextFollowedByTheCanonicalForm() {
        assertThat(HashChain.GENESIS).isEqualTo("0".repeat(64));
        assertThat(HashChain.sha256(HashChain.GENESIS + PROPOSED_CANONICAL)).isEqualTo(PROPOSED_HASH);
        assertThat(HashChain.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // the form a verification hashes: the canonical form already written, as UTF-8
        assertThat(HashChain.next(HashChain.GENESIS, PROPOSED_CANONICAL.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PROPOSED_HASH);
        assertThat(HashChain.next(AMENDED_HASH, PLEDGE_CANONICAL.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PLEDGE_HASH);
    }

    @Test
    void storesEventsInTheFormTheVectorPins() throws Exception {
        FundProposedEvent event = new FundProposedEvent("clean-water", "Clean water", 1, new BigDecimal("2500000.00"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"), Instant.parse("2024-07-01T00:00:00Z"),
                Instant.parse("2024-04-02T00:00:00Z"));

        assertThat(EventJson.mapper().writeValueAsString(event)).isEqualTo(PROPOSED_PAYLOAD);
    }

    @Test
    void sortsKeysByUtf16CodeUnitsAtEveryDepth() {
        // U+FF21 sorts after U+1F600 in UTF-16 (0xFF21 > 0xD83D), before it in code points: RFC 8785 wants UTF-16
        String payload = "{\"b\":1,\"\uFF21\":\"fullwidth\",\"\uD83D\uDE00\":\"emoji\",\"a\":{\"z\":true,\"y\":null},"
                + "\"B\":[{\"d\":1,\"c\":2}]}";
        FeedEntry entry = stored(7, "x.MemberRegisteredEvent", "2024-01-01T00:00:00.000Z", payload, "{}");

        assertThat(HashChain.canonical(entry)).isEqualTo("{\"actor\":{\"role\":\"NONE\",\"user\":\"anonymous\"},"
                + "\"effectiveAt\":null,\"payload\":{\"B\":[{\"c\":2,\"d\":1}],\"a\":{\"y\":null,\"z\":true},\"b\":1,"
                + "\"\uD83D\uDE00\":\"emoji\",\"\uFF21\":\"fullwidth\"},\"recordedAt\":\"2024-01-01T00:00:00.000Z\","
                + "\"sequence\":7,\"type\":\"MemberRegistered\"}");
    }

    @Test
    void rendersMoneyStringsExactlyAsStored() {
        String payload = "{\"amount\":\"1500.50\",\"tiny\":\"0.000001\",\"padded\":\"0010.100\","
                + "\"large\":\"123456789012345678.123456\",\"whole\":\"1000\"}";
        FeedEntry entry = stored(3, "x.PledgeRevisedEvent", "2024-01-01T00:00:00.000Z", payload, "{}");

        assertThat(HashChain.canonical(entry)).contains("\"payload\":{\"amount\":\"1500.50\","
                + "\"large\":\"123456789012345678.123456\",\"padded\":\"0010.100\",\"tiny\":\"0.000001\","
                + "\"whole\":\"1000\"}");
    }

    @Test
    void escapesOnlyWhatRfc8785Escapes() {
        String payload = "{\"text\":\"tab\\there \\u001f slash/ \\u2028 \\u00e9 \\\\ \\\"\"}";
        FeedEntry entry = stored(5, "x.ObjectionRaisedEvent", "2024-01-01T00:00:00.000Z", payload, "{}");

        assertThat(HashChain.canonical(entry))
                .contains("\"payload\":{\"text\":\"tab\\there \\u001f slash/ \u2028 \u00e9 \\\\ \\\"\"}");
    }
}
