package org.commitmentledger.idempotency;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path and the meaning of the JSON body, so that
 * whitespace and key order do not count (ADR 0010).
 */
final class RequestFingerprint {

    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private RequestFingerprint() {
    }

    /** Lowercase hex SHA-256 of the method, the path and {@link #canonical the canonical body}. */
    static String of(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
            sha.update(canonical(body));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The RFC 8785 form of a JSON body followed by the exact value of each of its numbers, or the raw bytes when the
     * body is not JSON. RFC 8785 reads numbers as IEEE doubles, which would make 123456789012345678.12 and
     * 123456789012345678.13 one amount; the exact values keep such bodies apart while 1.5e3 and 1500 stay equal.
     */
    static byte[] canonical(byte[] body) {
        try {
            JsonNode tree = EXACT.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                return raw(body);
            }
            List<String> numbers = new ArrayList<>();
            collectNumbers(tree, numbers);
            String canonical = new JsonCanonicalizer(body).getEncodedString();
            return ("json\n" + canonical + "\n" + String.join(",", numbers)).getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException notJson) {
            return raw(body);
        }
    }

    private static byte[] raw(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
        out.writeBytes("raw\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Numbers in RFC 8785 member order (keys sorted by UTF-16 code units, as String.compareTo does). */
    private static void collectNumbers(JsonNode node, List<String> numbers) {
        if (node.isNumber()) {
            numbers.add(node.decimalValue().stripTrailingZeros().toString());
        } else if (node.isArray()) {
            node.forEach(element -> collectNumbers(element, numbers));
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            names.forEach(name -> collectNumbers(node.get(name), numbers));
        }
    }
}
