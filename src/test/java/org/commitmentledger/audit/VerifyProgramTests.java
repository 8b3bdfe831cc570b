package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** docs/audit/Verify.java, run as an auditor runs it, against the shared running instance (it only reads). */
class VerifyProgramTests extends LedgerHttpTest {

    @Test
    void recomputesTheChainFromTheFeedAloneAndPrintsTheDigestHead() {
        String fund = fundId();
        AuditFixtures.fundWithAmendments(as("secretariat"), fund, 2, "Z\u00fcrich \u2013 \u20ac \\\"quoted\\\"");
        ensureMember("DEU", "20");
        Response pledged = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1500.5","currency":"CHF","eurRate":"1.0234567891",
                 "year":2025,"note":"Gen\u00e8ve \u2013 \u00a7 7","effectiveAt":"2024-05-01T00:00:00Z"}"""
                .formatted(fund));
        assertThat(pledged.status()).as(pledged.toString()).isEqualTo(201);

        AuditFixtures.Run run = AuditFixtures.verifier(port);
        JsonNode digest = as("auditor").get("/api/audit/digest").json();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.line("head")).isEqualTo(digest.get("head").asText());
        assertThat(run.line("sequence")).isEqualTo(digest.get("sequence").asText());
        long size = Long.parseLong(run.line("tree size"));
        assertThat(run.line("tree root")).as("the tree recomputed from the feed alone")
                .isEqualTo(MerkleTree.hex(tree.root(size)));
    }

    @Test
    void confirmsAKeptDigestAfterNewerEvents() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        JsonNode kept = as("auditor").get("/api/audit/digest").json();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "later");

        AuditFixtures.Run run = AuditFixtures.verifier(port, kept.get("head").asText(), kept.get("sequence").asText());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("kept digest at sequence " + kept.get("sequence").asText() + " matches");
    }

    @Test
    void namesTheSequenceOfAKeptDigestTheHistoryDoesNotLeadTo() {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "terms");
        String sequence = as("auditor").get("/api/audit/digest").json().get("sequence").asText();

        AuditFixtures.Run run = AuditFixtures.verifier(port, "ab".repeat(32), sequence);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("INVALID at sequence " + sequence);
    }

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    TreeStore tree;

    @TempDir
    Path kept;

    @Test
    void keepsASignedCheckpointAndLaterProvesAnEventInItAndThatTodaysLogExtendsIt() throws IOException {
        long sequence = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "kept").get(1);
        Path checkpoint = keepCheckpoint();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 3, "after");
        checkpoints.sign(tree.head().size());

        AuditFixtures.Run included = AuditFixtures.verifier(port, "inclusion", key().toString(),
                checkpoint.toString(), String.valueOf(sequence));
        AuditFixtures.Run consistent = AuditFixtures.verifier(port, "consistency", key().toString(),
                checkpoint.toString());
        AuditFixtures.Run signature = AuditFixtures.verifier(port, "signature", key().toString(),
                checkpoint.toString());

        assertThat(included.exitCode()).as(included.output()).isZero();
        assertThat(included.output()).contains("included: event " + sequence + " is leaf");
        assertThat(consistent.exitCode()).as(consistent.output()).isZero();
        assertThat(consistent.output()).contains("consistent:");
        assertThat(signature.exitCode()).as(signature.output()).isZero();
    }

    @Test
    void refusesACheckpointWhoseTextWasAlteredAfterSigning() throws IOException {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "altered");
        Path checkpoint = keepCheckpoint();
        String[] lines = Files.readString(checkpoint).split("\n", -1);
        lines[1] = String.valueOf(Long.parseLong(lines[1]) + 1);
        Files.writeString(checkpoint, String.join("\n", lines));

        AuditFixtures.Run run = AuditFixtures.verifier(port, "signature", key().toString(), checkpoint.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("no valid signature by the kept key");
    }

    @Test
    void refusesForgedInclusionProofsThatAreNotBoundToTheEventOrTheKeptTree() throws IOException {
        long sequence = AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 3, "forged").get(1);
        long other = sequence + 1;
        Path checkpoint = keepCheckpoint();
        JsonNode honest = as("auditor").get("/api/audit/proof/inclusion?sequence=" + sequence + "&treeSize="
                + treeSizeOf(checkpoint)).json();
        JsonNode ofOther = as("auditor").get("/api/audit/proof/inclusion?sequence=" + other + "&treeSize="
                + treeSizeOf(checkpoint)).json();

        List<UnaryOperator<ObjectNode>> forgeries = List.of(
                p -> p.put("leafIndex", p.get("leafIndex").asLong() + 1),
                p -> p.put("treeSize", p.get("treeSize").asLong() - 1),
                p -> p.put("sequence", other),
                p -> {
                    ((ArrayNode) p.get("auditPath")).remove(0);
                    return p;
                },
                p -> {
                    ((ArrayNode) p.get("auditPath")).add(honest.get("rootHash").asText());
                    return p;
                },
                p -> {
                    ((ArrayNode) p.get("auditPath")).set(0, JSON.getNodeFactory().textNode("ab".repeat(32)));
                    return p;
                },
                p -> {
                    ((ArrayNode) p.get("auditPath")).set(0, JSON.getNodeFactory().textNode("AB".repeat(32)));
                    return p;
                },
                // the honest proof of another event, answered for this one
                p -> ((ObjectNode) ofOther.deepCopy()).put("sequence", sequence));
        for (int i = 0; i < forgeries.size(); i++) {
            UnaryOperator<ObjectNode> forgery = forgeries.get(i);
            try (Proxy proxy = new Proxy("/api/audit/proof/inclusion", forgery)) {
                AuditFixtures.Run run = AuditFixtures.verifier(proxy.port(), "inclusion", key().toString(),
                        checkpoint.toString(), String.valueOf(sequence));
                assertThat(run.exitCode()).as("forgery " + i + ": " + run.output()).isEqualTo(1);
                assertThat(run.output()).as("forgery " + i).contains("INVALID");
            }
        }
        try (Proxy proxy = new Proxy("/api/audit/proof/inclusion", p -> p)) {
            AuditFixtures.Run run = AuditFixtures.verifier(proxy.port(), "inclusion", key().toString(),
                    checkpoint.toString(), String.valueOf(sequence));
            assertThat(run.exitCode()).as("the untouched proof through the proxy: " + run.output()).isZero();
        }
    }

    @Test
    void refusesAForgedConsistencyProof() throws IOException {
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 1, "consistency");
        Path checkpoint = keepCheckpoint();
        AuditFixtures.fundWithAmendments(as("secretariat"), fundId(), 2, "grown");
        checkpoints.sign(tree.head().size());

        try (Proxy proxy = new Proxy("/api/audit/proof/consistency", p -> {
            ((ArrayNode) p.get("path")).set(0, JSON.getNodeFactory().textNode("cd".repeat(32)));
            return p;
        })) {
            AuditFixtures.Run run = AuditFixtures.verifier(proxy.port(), "consistency", key().toString(),
                    checkpoint.toString());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("INVALID: the current checkpoint");
        }
    }

    @Test
    void takesThePasswordFromTheEnvironmentOrAPromptNeverFromArgumentsAlone() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), Path.of("docs", "audit", "Verify.java").toAbsolutePath().toString(),
                "http://localhost:" + port, "auditor"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LEDGER_PASSWORD");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("LEDGER_PASSWORD");
    }

    private Path keepCheckpoint() {
        checkpoints.sign(tree.head().size());
        Path file = kept.resolve("checkpoint-" + System.nanoTime() + ".txt");
        AuditFixtures.Run run = AuditFixtures.verifier(port, "checkpoint", key().toString(), file.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        return file;
    }

    private Path key() {
        Path file = kept.resolve("ledger.vkey");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, as("auditor").get("/api/audit/public-key").json().get("verifierKey").asText());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }

    private static long treeSizeOf(Path checkpoint) throws IOException {
        return Long.parseLong(Files.readString(checkpoint).split("\n")[1]);
    }

    /** Stands between the verifier and the ledger and rewrites one endpoint's answers, as a lying service would. */
    private final class Proxy implements AutoCloseable {
        private final HttpServer server;

        Proxy(String forged, UnaryOperator<ObjectNode> forgery) throws IOException {
            HttpClient client = HttpClient.newHttpClient();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try {
                    HttpResponse<String> real = client.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + port + exchange.getRequestURI())).header("Authorization",
                            exchange.getRequestHeaders().getFirst("Authorization")).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    String body = real.body();
                    if (exchange.getRequestURI().getPath().equals(forged) && real.statusCode() == 200) {
                        body = JSON.writeValueAsString(forgery.apply((ObjectNode) JSON.readTree(body)));
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(real.statusCode(), bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
