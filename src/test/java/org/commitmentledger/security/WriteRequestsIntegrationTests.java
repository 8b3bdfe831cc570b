package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.reliability.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bounded bodies (ADR 0027) and JSON-only writes with the page's security headers (ADR 0028), over real HTTP; raw
 * sockets where the test must control how much of a body is sent.
 */
class WriteRequestsIntegrationTests extends LedgerHttpTest {

    private static final int LIMIT = 64 * 1024;

    /** The API's own mapper, the one Spring MVC reads request bodies with. */
    @Autowired
    private ObjectMapper json;

    @Test
    void refusesA65KiBBodyFromItsContentLengthBeforeAnyOfItIsSent() throws Exception {
        long events = eventCount();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("POST", "/api/funds", "application/json",
                    "Content-Length: " + 65 * 1024));
            // nothing of the body is sent: the answer cannot have waited for it
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertTooLarge(answer);
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void refusesA65KiBBodyAndReadsOneOf64KiB() throws Exception {
        long events = eventCount();
        RawHttp.Answer over = post("/api/funds", "application/json", paddedJson(65 * 1024), null, 0);
        assertTooLarge(over);

        RawHttp.Answer at = post("/api/funds", "application/json", paddedJson(LIMIT), null, 0);
        assertThat(at.status()).as("exactly 64 KiB is read and judged: %s", at).isEqualTo(400);
        assertThat(at.text()).contains("\"field\":\"pad\"");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void refusesAChunked10MiBBodyOnceItPassesTheLimitWithoutTheHeapGrowing() throws Exception {
        long events = eventCount();
        long heapBefore = usedHeapAfterGc();
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '{';
        RawHttp.Answer answer;
        long sent = 0;
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", "/api/funds", "application/json", "Transfer-Encoding: chunked"));
            // 128 KiB of the 10 MiB, then wait for the answer: it must come before the rest is even sent
            for (int i = 0; i < 8; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                sent += chunk.length;
                chunk[0] = ' ';
            }
            out.flush();
            answer = RawHttp.read(socket.getInputStream());
            try {
                for (; sent < 10 * 1024 * 1024; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException closed) {
                // the server closed the connection after its answer
            }
        }
        long heapAfter = usedHeapAfterGc();
        System.out.printf("chunked 10 MiB: 413 after 128 KiB sent; %d bytes written before the connection closed; "
                + "heap after GC %d -> %d KiB%n", sent, heapBefore / 1024, heapAfter / 1024);

        assertTooLarge(answer);
        assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void refusesAnOversizedChunkedBodyBeforeItsIdempotencyKeyIsTaken() throws Exception {
        String key = "oversized-" + UUID.randomUUID();
        RawHttp.Answer over = post("/api/members/TKL", "application/json", paddedJson(200 * 1024), key, 8192, "PUT");
        assertThat(over.status()).isEqualTo(413);

        String fund = fundId();
        RawHttp.Answer proposed = post("/api/funds", "application/json", ("""
                {"fundId":"%s","name":"After a refused body","targetEur":"1000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z",
                 "effectiveAt":"2024-04-02T00:00:00Z"}""").formatted(fund).getBytes(StandardCharsets.UTF_8), key, 0);
        assertThat(proposed.status()).as("the key was never taken: %s", proposed).isEqualTo(201);
        assertThat(proposed.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void refusesFormEncodedRebuildsAndDecisionsWith415AndNothingHappens() throws Exception {
        String fund = fundId();
        assertThat(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"Cross-site","targetEur":"1000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z",
                 "effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund)).status()).isEqualTo(201);
        long events = eventCount();

        RawHttp.Answer decision = send("secretariat", "POST", "/api/funds/" + fund + "/decisions",
                "application/x-www-form-urlencoded", "effectiveAt=2024-07-10T00%3A00%3A00Z".getBytes());
        RawHttp.Answer rebuild = send("admin", "POST", "/api/admin/projections/rebuild",
                "application/x-www-form-urlencoded", "x=1".getBytes());

        for (RawHttp.Answer refused : new RawHttp.Answer[] {decision, rebuild}) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text()).contains("/unsupported-media-type\"").contains("application/json");
        }
        assertThat(eventCount()).as("no decision recorded").isEqualTo(events);
        for (JsonNode processor : as("admin").get("/api/admin/projections").json().get("processors")) {
            assertThat(processor.get("state").asText()).as("no rebuild started").isEqualTo("LIVE");
        }
        assertThat(as("auditor").get("/api/funds/" + fund).body()).doesNotContain("ADOPTED");
    }

    @Test
    void refusesEveryWriteThatIsNotJsonInUtf8BodylessOnesIncluded() throws Exception {
        String fund = fundId();
        String decisions = "/api/funds/" + fund + "/decisions";
        Map<String, byte[]> refused = new LinkedHashMap<>();
        refused.put("", null);
        refused.put("text/plain", "{}".getBytes());
        refused.put("multipart/form-data; boundary=x", "--x--".getBytes());
        refused.put("application/json; charset=UTF-16", "{}".getBytes(StandardCharsets.UTF_16));
        refused.put("application/json; charset=ISO-8859-1", "{}".getBytes());
        refused.put("application/problem+json", "{}".getBytes());
        refused.put("*/*", "{}".getBytes());
        refused.put(";;;", "{}".getBytes());
        for (Map.Entry<String, byte[]> c : refused.entrySet()) {
            RawHttp.Answer answer = send("secretariat", "POST", decisions, c.getKey(), c.getValue());
            assertThat(answer.status()).as("'" + c.getKey() + "': " + answer).isEqualTo(415);
        }
        assertThat(send("secretariat", "PUT", "/api/members/TKL", null, null).status()).isEqualTo(415);

        RawHttp.Answer utf8 = send("secretariat", "POST", decisions, "application/json;charset=utf-8", "{}".getBytes());
        assertThat(utf8.status()).as("JSON in UTF-8 passes the gate and meets the unknown fund: %s", utf8)
                .isEqualTo(404);
    }

    @Test
    void documentsAJsonBodyForEveryWriteTheBodylessOnesIncluded() {
        JsonNode paths = as("auditor").get("/v3/api-docs").json().get("paths");
        for (String path : new String[] {"/api/admin/projections/rebuild", "/api/funds/{fundId}/decisions"}) {
            assertThat(paths.path(path).path("post").path("requestBody").path("content").has("application/json"))
                    .as(path).isTrue();
        }
    }

    @Test
    void grantsNoOriginCrossOriginAccess() throws Exception {
        Map<String, String> preflight = new LinkedHashMap<>();
        preflight.put("Origin", "https://evil.example");
        preflight.put("Access-Control-Request-Method", "POST");
        preflight.put("Access-Control-Request-Headers", "authorization,content-type");
        RawHttp.Answer options = RawHttp.send(port, "OPTIONS", "/api/admin/projections/rebuild", preflight, null);
        assertThat(options.header("Access-Control-Allow-Origin")).as(options.toString()).isNull();
        assertThat(options.header("Access-Control-Allow-Methods")).isNull();

        Map<String, String> read = new LinkedHashMap<>();
        read.put("Origin", "https://evil.example");
        read.put("Authorization", basic("auditor"));
        RawHttp.Answer get = RawHttp.send(port, "GET", "/api/events?limit=1", read, null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void servesThePageWithAPolicyAllowingNoInlineScriptAndNoHstsWithoutTls() {
        Response page = as("auditor").get("/");
        assertThat(page.status()).isEqualTo(200);
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'").contains("default-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Strict-Transport-Security")).as("HSTS only over TLS").isNull();
    }

    @Test
    void refusesJsonBeyondTheReadConstraints() {
        String fund = fundId();
        String deep = "{\"effectiveAt\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}";
        assertThat(as("secretariat").post("/api/funds/" + fund + "/decisions", deep).status()).isEqualTo(400);
        StreamReadConstraints limits = json.getFactory().streamReadConstraints();
        assertThat(limits.getMaxDocumentLength()).isEqualTo(LIMIT);
        assertThat(limits.getMaxStringLength()).isEqualTo(LIMIT);
        assertThat(limits.getMaxNestingDepth()).isEqualTo(16);
        assertThatThrownBy(() -> json.readTree(deep)).hasMessageContaining("nesting depth");

        Response longName = as("secretariat").post("/api/funds/" + fund + "/decisions",
                "{\"" + "n".repeat(300) + "\":1}");
        assertThat(longName.status()).isEqualTo(400);

        Response longNumber = as("secretariat").post("/api/pledges", "{\"amount\":" + "9".repeat(150) + "}");
        assertThat(longNumber.status()).isEqualTo(400);
        assertThat(longNumber.body()).contains("Number value length");
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text()).contains("\"status\":413").contains("/body-too-large\"")
                .contains("\"maxBytes\":" + LIMIT);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A JSON object of exactly {@code size} bytes: one unknown field, so a body that is read is a 400. */
    private static byte[] paddedJson(int size) {
        String open = "{\"pad\":\"";
        String close = "\"}";
        return (open + "x".repeat(size - open.length() - close.length()) + close).getBytes(StandardCharsets.UTF_8);
    }

    private RawHttp.Answer post(String path, String contentType, byte[] body, String idempotencyKey, int chunkSize)
            throws Exception {
        return post(path, contentType, body, idempotencyKey, chunkSize, "POST");
    }

    private RawHttp.Answer post(String path, String contentType, byte[] body, String idempotencyKey, int chunkSize,
                                String method) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", basic("secretariat"));
        headers.put("Content-Type", contentType);
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return RawHttp.send(null, port, method, path, headers, body, chunkSize);
    }

    private RawHttp.Answer send(String user, String method, String path, String contentType, byte[] body)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", basic(user));
        if (contentType != null && !contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        return RawHttp.send(port, method, path, headers, body);
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private byte[] head(String method, String path, String contentType, String framing) {
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                + basic("secretariat") + "\r\nContent-Type: " + contentType + "\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
