package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.commitmentledger.LedgerNodes;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS as the README configures it (server.ssl.* with a PKCS12 keystore made by keytool): answers over HTTPS carry
 * HSTS (ADR 0028). Its own instance, as TLS is a property of the server.
 */
class TlsIntegrationTests {

    @Test
    void servesHttpsWithStrictTransportSecurityFromAPkcs12Keystore() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-tls"));
        Path keystore = dir.resolve("ledger-" + UUID.randomUUID() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ledger", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (ConfigurableApplicationContext node = LedgerNodes.start(
                LedgerNodes.database("tls-" + UUID.randomUUID()), new String[] {},
                "server.ssl.enabled=true", "server.ssl.key-store=" + keystore.toAbsolutePath(),
                "server.ssl.key-store-type=PKCS12", "server.ssl.key-store-password=changeit",
                "server.ssl.key-alias=ledger")) {
            HttpResponse<String> page = client(keystore).send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + LedgerNodes.port(node) + "/"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000 ; includeSubDomains");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    policy -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        }
    }

    /** Trusts exactly the test's own certificate. */
    private static HttpClient client(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
