package org.commitmentledger.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestFingerprintTests {

    private static String of(String path, String body) {
        return RequestFingerprint.of("POST", path, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ignoresWhitespaceKeyOrderAndNumberSpelling() {
        assertThat(of("/api/pledges", "{\"a\":1500,\"b\":{\"y\":[1,2],\"x\":\"s\"}}"))
                .isEqualTo(of("/api/pledges", " { \"b\" : { \"x\":\"s\", \"y\":[1.0, 2e0] },\n\"a\": 1.5e3 } "));
    }

    @Test
    void tellsApartAmountsBeyondDoublePrecision() {
        assertThat(of("/api/pledges", "{\"amount\":123456789012345678.12}"))
                .isNotEqualTo(of("/api/pledges", "{\"amount\":123456789012345678.13}"));
    }

    @Test
    void tellsApartStringsFromNumbersAndOneEndpointFromAnother() {
        assertThat(of("/api/pledges", "{\"amount\":\"1500\"}")).isNotEqualTo(of("/api/pledges", "{\"amount\":1500}"));
        assertThat(of("/api/pledges/a/withdrawal", "{}")).isNotEqualTo(of("/api/pledges/b/withdrawal", "{}"));
    }

    @Test
    void hashesBodiesThatAreNotJsonAsTheyAre() {
        assertThat(of("/api/pledges", "{\"amount\": ")).isEqualTo(of("/api/pledges", "{\"amount\": "))
                .isNotEqualTo(of("/api/pledges", "{\"amount\":"));
        assertThat(of("/api/pledges", "{\"a\":1} trailing")).isNotEqualTo(of("/api/pledges", "{\"a\":1}"));
        assertThat(of("/api/pledges", "{\"a\":1,\"a\":2}")).isNotEqualTo(of("/api/pledges", "{\"a\":2}"));
        assertThat(of("/api/funds/f/decisions", "")).matches("[0-9a-f]{64}");
    }
}
