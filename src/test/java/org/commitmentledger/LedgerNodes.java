package org.commitmentledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole extra instances of the service for the few tests that need their own (another profile, a second node).
 * They run beside the shared test context, on their own port and on an H2 file under target/test-db; close them.
 */
public final class LedgerNodes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LedgerNodes() {
    }

    /** The JDBC URL of a database file of that name under target/test-db. */
    public static String database(String name) {
        return "jdbc:h2:file:./target/test-db/" + name + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    /**
     * Starts the application on a free port; {@code properties} as {@code key=value}, passed as command-line
     * arguments so that they win over application.yml.
     */
    public static ConfigurableApplicationContext start(String databaseUrl, String[] profiles, String... properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + databaseUrl));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        return new SpringApplicationBuilder(LedgerApplication.class).profiles(profiles)
                .run(arguments.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((ServletWebServerApplicationContext) node).getWebServer().getPort();
    }

    /** One HTTP request with Basic credentials (none when {@code user} is null) and an optional Idempotency-Key. */
    public static HttpResponse<String> send(int port, String user, String password, String method, String path,
                                            String body, String idempotencyKey) {
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
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /**
     * A checkpoint signing key for profiles that refuse to start without one (prod, postgres): an Ed25519 key in
     * PKCS#8 PEM under target/test-keys, created once per test run; answers the property that names it.
     */
    public static synchronized String signingKeyProperty() {
        Path file = Path.of("target", "test-keys", "checkpoint-signing-key.pem").toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
                Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pkcs8)
                        + "\n-----END PRIVATE KEY-----\n");
            }
        } catch (Exception e) {
            throw new AssertionError("could not create a test signing key", e);
        }
        return "ledger.audit.signing-key-file=" + file;
    }
}
