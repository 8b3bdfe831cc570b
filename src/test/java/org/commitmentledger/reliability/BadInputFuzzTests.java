package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests generated from the application's own OpenAPI document, so a new endpoint is fuzzed without
 * touching this test. Every request is sent as the secretariat (a writer, so bodies are really parsed) and is built so
 * that it can never be a valid write: write paths name funds and pledges that do not exist and every JSON body carries
 * an invalid {@code effectiveAt} (or is not a JSON object at all). Bodies also come oversized, chunked, form-encoded
 * and in other charsets than UTF-8. Requests are sent from 127.0.0.2, so that the wrong passwords among
 * them use that address's failed-login budget, not the one of the other tests on 127.0.0.1. The fast variant runs in
 * the suite; the long one is {@code mvn -B verify -Dtest=BadInputFuzzTests -Dfuzz.requests=12000}
 * (docs/reliability.md).
 */
class BadInputFuzzTests extends LedgerHttpTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1_500);
    private static final long SEED = Long.getLong("fuzz.seed", 20261128L);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final String ABSENT_FUND = "zz-fuzz-absent-fund";
    private static final String BAD_INSTANT = "fuzz-not-an-instant";
    /** ledger.security.max-body by default. */
    private static final int MAX_BODY = 64 * 1024;

    private final Random random = new Random(SEED);

    record Operation(String method, String path, List<String> queryParams, Map<String, String> bodyFields) {

        boolean writes() {
            return !method.equals("GET");
        }
    }

    record Fuzzed(String category, String method, String target, Map<String, String> headers, byte[] body,
                  int chunkSize) {

        Fuzzed(String category, String method, String target, Map<String, String> headers, byte[] body) {
            this(category, method, target, headers, body, 0);
        }

        String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return category + " " + method + " " + (target.length() > 160 ? target.substring(0, 160) + "…" : target)
                    + " " + headers.getOrDefault("Content-Type", "") + " " + shown;
        }
    }

    @Test
    void hostileRequestsToEveryDocumentedEndpointAreRefusedAsProblemsAndWriteNothing() throws Exception {
        ensureMember("DEU", "20");
        String fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Fuzz","targetEur":"1000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2024-07-01T00:00:00Z","effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund))
                .status()).isEqualTo(201);
        Response pledged = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"100","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund));
        assertThat(pledged.status()).as(pledged.toString()).isEqualTo(201);
        Map<String, String> existing = Map.of("fundId", fund, "pledgeId", pledged.json().get("pledgeId").asText(),
                "code", "DEU", "member", "DEU");

        List<Operation> operations = operations();
        assertThat(operations).as("operations in /v3/api-docs").hasSizeGreaterThan(15);
        long eventsBefore = eventCount();

        Map<String, Integer> perCategory = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        Map<String, String> failures = new TreeMap<>();
        List<Operation> documented = operations.stream().filter(o -> !o.method().startsWith("WRONG:")).toList();
        List<Operation> wrong = operations.stream().filter(o -> o.method().startsWith("WRONG:")).toList();
        int failed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            List<Operation> from = random.nextInt(5) == 0 ? wrong : documented;
            Operation op = from.get(random.nextInt(from.size()));
            Fuzzed request = fuzz(op, existing);
            perCategory.merge(request.category(), 1, Integer::sum);
            RawHttp.Answer answer;
            try {
                answer = RawHttp.send(InetAddress.getByName("127.0.0.2"), port, request.method(), request.target(),
                        request.headers(), request.body(), request.chunkSize());
            } catch (Exception e) {
                failed++;
                failures.putIfAbsent(request.category() + " no answer", e.getMessage() + " <- " + request.describe());
                continue;
            }
            perStatus.merge(answer.status(), 1, Integer::sum);
            String problem = problemWith(request, answer);
            if (problem != null) {
                failed++;
                failures.putIfAbsent(request.category() + " " + request.method() + " " + answer.status(),
                        problem + " <- " + request.describe());
            }
        }
        long written = eventCount() - eventsBefore;
        System.out.printf("bad-input fuzz: seed %d, %d requests over %d operations, by category %s, by status %s, "
                + "%d failures, %d events written%n", SEED, REQUESTS, operations.size(), perCategory, perStatus,
                failed, written);
        assertThat(failures).as("answers that were not a 4xx problem").isEmpty();
        assertThat(written).as("events written by hostile requests").isZero();
        assertThat(perStatus.keySet()).allMatch(s -> s < 500);
    }

    private static String problemWith(Fuzzed request, RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return answer.status() + " " + answer.text();
        }
        if (answer.status() < 400) {
            boolean harmless = request.method().equals("GET") || request.method().equals("HEAD")
                    || request.method().equals("OPTIONS");
            return harmless ? null : "a write method was accepted: " + answer.status() + " " + answer.text();
        }
        if (request.method().equals("HEAD")) {
            return null;
        }
        // only a role refusal (an admin endpoint) may come before the body's own refusal
        List<Integer> expected = switch (request.category()) {
            case "oversized" -> List.of(413, 403);
            case "form-encoded", "wrong-charset" -> List.of(415, 403);
            default -> null;
        };
        if (expected != null && !expected.contains(answer.status())) {
            return "expected one of " + expected + ": " + answer.status() + " " + answer.text();
        }
        // Tomcat's connector refuses TRACE and unknown methods with a request entity at the protocol level, with a
        // bare 400 before any application code or valve runs (docs/reliability.md): still a 4xx, nothing written
        boolean protocolRefusal = (request.method().equals("TRACE") || request.method().equals("FUZZ"))
                && request.headers().keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase)
                && answer.status() == 400 && answer.text().isBlank();
        if (protocolRefusal) {
            return null;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return answer.status() + " as " + answer.contentType() + ": " + answer.text();
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (body.path("status").asInt() != answer.status() || body.path("title").asText().isBlank()
                    || body.path("detail").asText().isBlank()) {
                return "incomplete problem " + answer.text();
            }
        } catch (Exception e) {
            return "problem body is not JSON: " + answer.text();
        }
        return null;
    }

    /** Every documented path and method, with its query parameters and the fields of its JSON body. */
    private List<Operation> operations() throws Exception {
        Response docs = as("auditor").get("/v3/api-docs");
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode root = docs.json();
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            List<String> documented = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                String verb = method.getKey().toUpperCase();
                if (!METHODS.contains(verb)) {
                    continue;
                }
                documented.add(verb);
                List<String> query = new ArrayList<>();
                for (JsonNode p : method.getValue().path("parameters")) {
                    if (p.path("in").asText().equals("query")) {
                        query.add(p.path("name").asText());
                    }
                }
                Map<String, String> fields = new LinkedHashMap<>();
                JsonNode schema = method.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                if (schema.has("$ref")) {
                    schema = root.at("/components/schemas/" + schema.get("$ref").asText()
                            .substring("#/components/schemas/".length()));
                }
                for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
                     props.hasNext(); ) {
                    Map.Entry<String, JsonNode> prop = props.next();
                    fields.put(prop.getKey(), prop.getValue().path("type").asText("string"));
                }
                operations.add(new Operation(verb, path.getKey(), query, fields));
            }
            for (String verb : List.of("DELETE", "PATCH", "PUT", "POST", "TRACE", "OPTIONS", "HEAD", "FUZZ")) {
                if (!documented.contains(verb) && !(verb.equals("HEAD") && documented.contains("GET"))) {
                    operations.add(new Operation("WRONG:" + verb, path.getKey(), List.of(), Map.of()));
                }
            }
        }
        return operations;
    }

    private Fuzzed fuzz(Operation op, Map<String, String> existing) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", basic("secretariat"));
        if (op.method().startsWith("WRONG:")) {
            String verb = op.method().substring("WRONG:".length());
            headers.put("Content-Type", "application/json");
            boolean withBody = List.of("POST", "PUT", "PATCH", "DELETE").contains(verb);
            return new Fuzzed("wrong-method", verb, path(op, existing, false), headers,
                    withBody ? anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8) : null);
        }
        if (!op.writes()) {
            return queryFuzz(op, existing, headers);
        }
        int choice = random.nextInt(14);
        String target = path(op, existing, choice == 0);
        headers.put("Content-Type", "application/json");
        return switch (choice) {
            case 0 -> new Fuzzed("path-trick", op.method(), target, headers,
                    anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8));
            case 1 -> new Fuzzed("broken-json", op.method(), target, headers, brokenJson(op));
            case 2 -> new Fuzzed("not-an-object", op.method(), target, headers,
                    pick(List.of("[]", "[{}]", "\"text\"", "42", "null", "true", "", " ", "[" + anchoredBody(op, null,
                            null) + "]")).getBytes(StandardCharsets.UTF_8));
            case 3 -> new Fuzzed("deep-nesting", op.method(), target, headers, deepNesting(op));
            case 4 -> new Fuzzed("invalid-utf8", op.method(), target, headers, invalidUtf8(op));
            case 5 -> {
                headers.put("Content-Type", pick(List.of("text/plain", "application/xml", "multipart/form-data",
                        "application/x-www-form-urlencoded", "application/json;charset=bogus-charset", ";;;",
                        "application/json; charset=UTF-16", "*/*", "application/octet-stream", "application/")));
                yield new Fuzzed("content-type", op.method(), target, headers,
                        anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8));
            }
            case 6 -> {
                headers.put("Authorization", pick(List.of("Basic !!!", "Basic " + Base64.getEncoder()
                        .encodeToString("secretariat".getBytes(StandardCharsets.UTF_8)), "Bearer x", "Basic "
                        + Base64.getEncoder().encodeToString("secretariat:wrong".getBytes(StandardCharsets.UTF_8)),
                        "Basic " + "A".repeat(6000))));
                yield new Fuzzed("bad-credentials", op.method(), target, headers,
                        anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8));
            }
            case 10 -> new Fuzzed("oversized", op.method(), target, headers,
                    padded(anchoredBody(op, null, null), MAX_BODY + 1 + random.nextInt(MAX_BODY)));
            case 11 -> {
                byte[] body = random.nextBoolean() ? anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8)
                        : padded(anchoredBody(op, null, null), MAX_BODY + 1 + random.nextInt(4 * MAX_BODY));
                yield new Fuzzed("chunked", op.method(), target, headers, body, 1 + random.nextInt(8192));
            }
            case 12 -> {
                headers.put("Content-Type", pick(List.of("application/x-www-form-urlencoded",
                        "application/x-www-form-urlencoded; charset=UTF-8", "text/plain", "text/plain;charset=UTF-8")));
                StringBuilder form = new StringBuilder();
                for (String field : op.bodyFields().keySet()) {
                    form.append(form.isEmpty() ? "" : "&").append(field).append('=')
                            .append(field.equals("effectiveAt") ? BAD_INSTANT : "1");
                }
                yield new Fuzzed("form-encoded", op.method(), target, headers,
                        (form.isEmpty() ? "fuzz=1" : form.toString()).getBytes(StandardCharsets.UTF_8));
            }
            case 13 -> {
                String charset = pick(List.of("UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1", "windows-1252"));
                headers.put("Content-Type", pick(List.of("application/json; charset=" + charset,
                        "application/json;charset=\"" + charset + "\"", "application/json; charset=" + charset
                                .toLowerCase())));
                String body = anchoredBody(op, null, null).replace("fuzz\"", "f\u00fc\u20ac\"");
                yield new Fuzzed("wrong-charset", op.method(), target, headers,
                        body.getBytes(Charset.forName(charset)));
            }
            default -> {
                if (op.bodyFields().isEmpty()) {
                    yield new Fuzzed("broken-json", op.method(), target, headers, brokenJson(op));
                }
                String field = pick(new ArrayList<>(op.bodyFields().keySet()));
                yield new Fuzzed("hostile-value", op.method(), target, headers,
                        anchoredBody(op, field, hostileValue(field.equals("effectiveAt")))
                                .getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private Fuzzed queryFuzz(Operation op, Map<String, String> existing, Map<String, String> headers) {
        boolean trick = random.nextInt(4) == 0;
        StringBuilder target = new StringBuilder(path(op, existing, trick));
        List<String> params = new ArrayList<>(op.queryParams());
        params.addAll(List.of("asOf", "effectiveAt", "after", "limit", "digest", "sequence"));
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            target.append(i == 0 ? '?' : '&').append(pick(params)).append('=').append(pick(List.of(
                    "x", "-1", "0", "1001", "99999999999999999999", "1".repeat(400), "1e999999", "%00", "%ZZ",
                    "2024-02-30T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                    "2024-01-01T00:00:00%2B25:00", "2024-01-01", "", "%E2%80%AE", "NaN", "%27%20OR%201%3D1--",
                    "a".repeat(5000), "%C3%28", "1.5", "0x10", "2024-01-01T00:00:00Z&asOf=x")));
        }
        return new Fuzzed(trick ? "path-trick" : "bad-query", "GET", target.toString(), headers, null);
    }

    /** The operation's path with its variables filled; writes always name resources that do not exist. */
    private String path(Operation op, Map<String, String> existing, boolean trick) {
        String path = op.path();
        int start;
        while ((start = path.indexOf('{')) >= 0) {
            int end = path.indexOf('}', start);
            String name = path.substring(start + 1, end);
            String value;
            if (trick) {
                value = pick(List.of("..", "%2e%2e", "%2E%2E%2F%2E%2E", "..%2f..%2fapi%2fevents", "%2f", "a%2fb",
                        "x".repeat(5000), "%C3%BC%E2%82%AC", "ü€", "%00", "%ZZ", "%c0%af", ";jsessionid=1", "a;b=c",
                        "%252e%252e", "..;", "%20", "%E2%80%AE", ".", "%2e", "\\..\\", "%5c"));
            } else if (!op.writes()) {
                value = existing.getOrDefault(name, "zz");
            } else if (name.equals("pledgeId")) {
                value = UUID.randomUUID().toString();
            } else if (name.equals("fundId")) {
                value = ABSENT_FUND;
            } else {
                value = "ZZFUZZ";
            }
            path = path.substring(0, start) + value + path.substring(end + 1);
        }
        return path;
    }

    /** A body with plausible values everywhere except {@code effectiveAt}, which is never a valid instant. */
    private String anchoredBody(Operation op, String hostileField, String hostileValue) {
        StringBuilder body = new StringBuilder("{");
        for (Map.Entry<String, String> f : op.bodyFields().entrySet()) {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append('"').append(f.getKey()).append("\":");
            if (f.getKey().equals(hostileField)) {
                body.append(hostileValue);
            } else if (f.getKey().equals("effectiveAt")) {
                body.append('"').append(BAD_INSTANT).append('"');
            } else {
                body.append(plausible(f.getKey(), f.getValue()));
            }
        }
        if (!op.bodyFields().containsKey("effectiveAt")) {
            body.append(body.length() > 1 ? "," : "").append("\"fuzzUnknownField\":1");
        }
        return body.append('}').toString();
    }

    private static String plausible(String field, String type) {
        return switch (field) {
            case "fundId" -> "\"" + ABSENT_FUND + "\"";
            case "member" -> "\"DEU\"";
            case "amount", "targetEur" -> "\"100\"";
            case "currency" -> "\"EUR\"";
            case "kind" -> "\"REVISION\"";
            case "year" -> "2025";
            case "periodStart" -> "\"2025-01-01\"";
            case "periodEnd" -> "\"2025-12-31\"";
            case "decisionDeadline" -> "\"2030-01-01T00:00:00Z\"";
            default -> type.equals("integer") || type.equals("number") ? "1" : "\"fuzz\"";
        };
    }

    private String hostileValue(boolean forEffectiveAt) {
        List<String> values = new ArrayList<>(List.of("{}", "[]", "[1,2]", "true", "false", "123", "-1", "0",
                "1e999999", "-1e999999", "1e-999999", "1".repeat(400), "0." + "1".repeat(400), "-" + "9".repeat(400),
                "\"" + "x".repeat(1_000_000) + "\"", "\"\"", "\"   \"", "\"\\u0000\"", "\"\\ud800\"",
                "\"\\u202e\u00fc\u20ac\uD83D\uDE00\"", "\"NaN\"", "\"Infinity\"", "\"1e999999\"", "\"" + "9".repeat(400)
                        + "\"", "\"2024-13-45T25:61:61Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"../../etc/passwd\"",
                "\"<script>alert(1)</script>\"", "\"'; drop table domain_event_entry; --\"", "{\"$ref\":\"x\"}",
                "\"REVISION\"", "\"revision\""));
        if (!forEffectiveAt) {
            values.add("null");
        }
        return pick(values);
    }

    /** The body with an extra string field that makes it {@code size} bytes long. */
    private static byte[] padded(String body, int size) {
        String open = "{\"fuzzPad\":\"";
        String rest = "\"," + body.substring(1);
        return (open + "x".repeat(Math.max(0, size - open.length() - rest.length())) + rest)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] brokenJson(Operation op) {
        String body = anchoredBody(op, null, null);
        String broken = switch (random.nextInt(7)) {
            case 0 -> body.substring(0, Math.max(1, random.nextInt(body.length())));
            case 1 -> body + "}";
            case 2 -> body + " {\"fundId\":\"x\"}";
            case 3 -> body.replace('"', '\'');
            case 4 -> "{,}";
            case 5 -> body.replaceFirst(":", "::");
            default -> "{\"effectiveAt\":\"" + BAD_INSTANT + "\",\"effectiveAt\":\"" + BAD_INSTANT + "\"}";
        };
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] deepNesting(Operation op) {
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
            default -> {
                String field = op.bodyFields().isEmpty() ? "fuzz" : pick(new ArrayList<>(op.bodyFields().keySet()));
                yield ("{\"" + field + "\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private byte[] invalidUtf8(Operation op) {
        byte[] body = anchoredBody(op, null, null).getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = 1 + random.nextInt(body.length - 1);
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(body, at, out, at + insert.length, body.length - at);
        return out;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
