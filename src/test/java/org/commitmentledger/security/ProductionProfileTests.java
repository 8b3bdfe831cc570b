package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.commitmentledger.LedgerNodes;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The two modes (ADR 0025): prod and postgres have no demo users and need configured BCrypt users; demo users refuse
 * to start anywhere but the embedded H2 default. The refusals happen before the database is opened, so the postgres
 * profile is checked here on an H2 file and another datasource on a port where nothing listens.
 */
class ProductionProfileTests {

    private static final String[] PROD = {"prod"};
    private static final String[] POSTGRES = {"postgres"};
    private static final String[] DEFAULT = {};

    @Test
    void refusesToStartWithoutConfiguredUsers() {
        for (String[] profile : List.of(PROD, POSTGRES)) {
            assertThat(refusal(() -> LedgerNodes.start(database("no-users"), profile,
                    LedgerNodes.signingKeyProperty()).close()))
                    .as(profile[0]).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no users are configured (ledger.security.users) and demo users are off");
        }
    }

    @Test
    void refusesToStartThePostgresOrProdProfileWithDemoUsers() {
        for (String[] profile : List.of(PROD, POSTGRES)) {
            assertThat(refusal(() -> LedgerNodes.start(database("demo"), profile, "ledger.security.demo-users=true",
                    LedgerNodes.signingKeyProperty())
                    .close()))
                    .as(profile[0]).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("demo users (password = user name) exist only in the embedded H2 default")
                    .hasMessageContaining("with profile " + profile[0]);
        }
    }

    @Test
    void refusesToStartWithDemoUsersOnAnyOtherDatabase() {
        // nothing listens on port 1: the start is refused before a connection is tried
        assertThat(refusal(() -> LedgerNodes.start("jdbc:postgresql://127.0.0.1:1/ledger", DEFAULT).close()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("on the datasource jdbc:postgresql:…");
    }

    @Test
    void refusesToStartWithDemoUsersOnADatabaseServerNamedOutsideTheUrl() throws Exception {
        // the URL says embedded H2, the pool connects elsewhere: judged by the database actually opened
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            String remote = "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:remote-" + UUID.randomUUID();
            assertThat(refusal(() -> LedgerNodes.start(database("hikari"), DEFAULT,
                    "spring.datasource.hikari.jdbc-url=" + remote).close()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("demo users (password = user name) exist only in the embedded H2 default")
                    .hasMessageContaining("on the datasource jdbc:h2:…");
        } finally {
            server.stop();
        }
    }

    @Test
    void refusesToStartProdWithANoopOrWeakHashNamingTheUser() {
        String weak = new BCryptPasswordEncoder(4).encode("ops");
        for (String hash : List.of("{noop}ops", weak, "{sha256}abc")) {
            assertThat(refusal(() -> LedgerNodes.start(database("weak"), PROD, LedgerNodes.signingKeyProperty(),
                    "ledger.security.users[0].name=ops",
                    "ledger.security.users[0].password-hash=" + hash, "ledger.security.users[0].role=AUDITOR").close()))
                    .as(hash).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("user ops").hasMessageContaining("refusing to start");
        }
    }

    @Test
    void refusesToStartWithoutACheckpointSigningKey() {
        String database = database("no-key");
        String hash = new BCryptPasswordEncoder().encode("correct horse battery");

        assertThatThrownBy(() -> LedgerNodes.start(database, PROD, "ledger.security.users[0].name=ops",
                "ledger.security.users[0].password-hash=" + hash, "ledger.security.users[0].role=AUDITOR").close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no checkpoint signing key is configured");
        assertThatThrownBy(() -> LedgerNodes.start(database, PROD, "ledger.security.users[0].name=ops",
                "ledger.security.users[0].password-hash=" + hash, "ledger.security.users[0].role=AUDITOR",
                "ledger.audit.signing-key-file=target/test-keys/no-such-key.pem").close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void startsWithOneConfiguredBCryptUserAndOnlyThatUserGetsInAtTheCostOfAKnownUser() {
        String hash = new BCryptPasswordEncoder(12).encode("correct horse battery");
        // without the verified-credential cache every request runs BCrypt against the configured hash; the throttle
        // is widened so that the timing below measures password checks, not refusals
        try (ConfigurableApplicationContext node = LedgerNodes.start(database("one-user"), PROD,
                LedgerNodes.signingKeyProperty(), "ledger.security.credential-cache=PT0S",
                "ledger.security.users[0].name=ops",
                "ledger.security.users[0].password-hash=" + hash, "ledger.security.users[0].role=AUDITOR",
                "ledger.security.login-throttle.per-address.failures=1000",
                "ledger.security.login-throttle.per-user.failures=1000")) {
            int port = LedgerNodes.port(node);

            for (int login = 1; login <= 3; login++) {
                assertThat(get(port, "ops", "correct horse battery")).as("login " + login).isEqualTo(200);
                assertThat(get(port, "ops", "wrong")).as("wrong password " + login).isEqualTo(401);
            }
            assertThat(get(port, "auditor", "auditor")).as("no demo users in prod").isEqualTo(401);
            assertThat(LedgerNodes.send(port, "ops", "correct horse battery", "POST", "/api/funds", "{}", null)
                    .statusCode()).as("an AUDITOR records nothing").isEqualTo(403);

            // an unknown name is checked against a decoy of the configured cost (12), not Spring's default (10),
            // which took about a quarter of the time and told which names exist
            List<Long> known = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                known.add(millis(() -> get(port, "ops", "wrong")));
                unknown.add(millis(() -> get(port, "nobody-" + UUID.randomUUID(), "wrong")));
            }
            double ratio = (double) median(unknown) / median(known);
            System.out.printf("failed login, median of 8: known user %d ms, unknown user %d ms (ratio %.2f)%n",
                    median(known), median(unknown), ratio);
            // Spring's stand-in was about 0.25 here; the window leaves room for a loaded machine
            assertThat(ratio).as("unknown / known user").isBetween(0.5, 2.0);
        }
    }

    /** The innermost cause of a refused start. */
    private static Throwable refusal(Runnable start) {
        Throwable thrown = catchThrowable(start::run);
        assertThat(thrown).as("the start was refused").isNotNull();
        while (thrown.getCause() != null && thrown.getCause() != thrown) {
            thrown = thrown.getCause();
        }
        return thrown;
    }

    private static String database(String name) {
        return LedgerNodes.database("prod-" + name + "-" + UUID.randomUUID());
    }

    private static long millis(Runnable request) {
        long started = System.nanoTime();
        request.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static int get(int port, String user, String password) {
        return LedgerNodes.send(port, user, password, "GET", "/api/events", null, null).statusCode();
    }
}
