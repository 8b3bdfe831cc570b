package org.commitmentledger.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP with Basic credentials against a ledger on 127.0.0.1, for the reliability runs. A request that gets no answer
 * (the process was killed, the connection refused or reset, a timeout) is an {@link Answer} with status -1: its
 * outcome is unknown, which is exactly what a client of a crashed server knows.
 */
final class LedgerClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final int port;

    LedgerClient(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    /** One answer; {@code status} -1 when there was none. */
    record Answer(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    Answer get(String user, String path) {
        return send(user, "GET", path, null);
    }

    Answer post(String user, String path, String body) {
        return send(user, "POST", path, body);
    }

    Answer put(String user, String path, String body) {
        return send(user, "PUT", path, body);
    }

    Answer send(String user, String method, String path, String body) {
        return send(user, method, path, body, Map.of());
    }

    Answer send(String user, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    /** A GET that must answer 200 (reads and admin calls of the checks, never during a kill). */
    JsonNode read(String user, String path) {
        Answer answer = get(user, path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer);
        }
        return answer.json();
    }

    /** The whole global feed, page by page. */
    List<JsonNode> feed() {
        List<JsonNode> entries = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = read("auditor", "/api/events?after=" + after + "&limit=1000");
            page.get("events").forEach(entries::add);
            JsonNode next = page.get("next");
            if (next == null || next.isNull()) {
                return entries;
            }
            after = next.asLong();
        }
    }

    /** Waits until no rebuild runs (bounded); answers how long that took. */
    Duration awaitProjectionsAtHead(Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Answer answer = get("admin", "/api/admin/projections");
            if (answer.status() == 200 && !answer.json().get("rebuilding").asBoolean()) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            sleep(100);
        }
        throw new AssertionError("a rebuild still ran after " + limit + ": " + get("admin", "/api/admin/projections"));
    }

    /** Rebuilds every projection into a new generation and waits until it serves (bounded). */
    Duration rebuild(Duration limit) {
        long started = System.nanoTime();
        Answer answer = post("admin", "/api/admin/projections/rebuild", "{}");
        if (answer.status() != 202) {
            throw new AssertionError("rebuild answered " + answer);
        }
        awaitProjectionsAtHead(limit);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
