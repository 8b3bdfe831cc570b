package org.commitmentledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of every HTTP integration test: the one application context all of them share (Spring's context cache keeps
 * it: same class, same properties), on a file H2 database under target/, with real HTTP through java.net.http.
 * Tests share that database, so each one names its own funds (use {@link #fundId()}) and tolerates members that
 * other tests registered ({@link #ensureMember}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-db/shared-${random.uuid};DB_CLOSE_ON_EXIT=FALSE;"
                + "LOCK_TIMEOUT=10000",
        "ledger.backup.directory=./target/test-backups/${random.uuid}",
        // Spring Boot's tests turn metrics export off; the Prometheus endpoint is part of what is tested
        "management.prometheus.metrics.export.enabled=true"
})
public abstract class LedgerHttpTest {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** A fund id no other test uses. */
    protected static String fundId() {
        return "f-" + UUID.randomUUID().toString().substring(0, 18);
    }

    /**
     * Proposes a fund no other test uses (target 1,000,000 EUR for 2025, decision deadline 2021-01-01, effective
     * 2020-06-01) and answers its id.
     */
    protected String proposedFund(String name) {
        String fund = fundId();
        Response proposed = as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"%s","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2021-01-01T00:00:00Z","effectiveAt":"2020-06-01T00:00:00Z"}
                """.formatted(fund, name));
        if (proposed.status() != 201) {
            throw new AssertionError("could not propose " + fund + ": " + proposed);
        }
        return fund;
    }

    /** Registers the member effective 2000-01-01 unless some test already did. */
    protected void ensureMember(String code, String costShare) {
        Response r = as("secretariat").put("/api/members/" + code,
                "{\"name\":\"" + code + "\",\"costShare\":\"" + costShare + "\",\"effectiveAt\":\"2000-01-01T00:00:00Z\"}");
        if (r.status() != 201 && r.status() != 200 && r.status() != 409) {
            throw new AssertionError("could not register " + code + ": " + r);
        }
    }

    /** Count of stored events: every refusal must leave it unchanged. */
    protected long eventCount() {
        Long n = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return n == null ? 0 : n;
    }

    protected Client as(String user) {
        return new Client(user, user);
    }

    protected Client anonymous() {
        return new Client(null, null);
    }

    /** The status, headers and body of one answer. */
    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A client acting as one user (or nobody). */
    public final class Client {
        private final String user;
        private final String password;

        Client(String user, String password) {
            this.user = user;
            this.password = password;
        }

        public Response get(String path) {
            return send("GET", path, null, null);
        }

        public Response post(String path, String body) {
            return send("POST", path, body, null);
        }

        public Response post(String path, String body, String idempotencyKey) {
            return send("POST", path, body, idempotencyKey);
        }

        public Response put(String path, String body) {
            return send("PUT", path, body, null);
        }

        public Response send(String method, String path, String body, String idempotencyKey) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (user != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
            } catch (Exception e) {
                throw new AssertionError(method + " " + path + " failed", e);
            }
        }
    }
}
