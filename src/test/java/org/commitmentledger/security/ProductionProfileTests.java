package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.commitmentledger.LedgerNodes;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The prod profile: no demo users, configured BCrypt users only, and no start at all without any. */
class ProductionProfileTests {

    private static final String[] PROD = {"prod"};

    @Test
    void refusesToStartWithoutConfiguredUsers() {
        String database = LedgerNodes.database("prod-empty-" + UUID.randomUUID());

        assertThatThrownBy(() -> LedgerNodes.start(database, PROD, LedgerNodes.signingKeyProperty()).close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no users are configured (ledger.security.users) and demo users are off");
    }

    @Test
    void refusesToStartWithoutACheckpointSigningKey() {
        String database = LedgerNodes.database("prod-no-key-" + UUID.randomUUID());
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
    void startsWithOneConfiguredBCryptUserAndOnlyThatUserGetsIn() {
        String hash = new BCryptPasswordEncoder().encode("correct horse battery");
        // without the verified-credential cache every request runs BCrypt against the configured hash
        try (ConfigurableApplicationContext node = LedgerNodes.start(
                LedgerNodes.database("prod-one-user-" + UUID.randomUUID()), PROD,
                LedgerNodes.signingKeyProperty(), "ledger.security.credential-cache=PT0S",
                "ledger.security.users[0].name=ops",
                "ledger.security.users[0].password-hash=" + hash, "ledger.security.users[0].role=AUDITOR")) {
            int port = LedgerNodes.port(node);

            for (int login = 1; login <= 3; login++) {
                assertThat(get(port, "ops", "correct horse battery")).as("login " + login).isEqualTo(200);
                assertThat(get(port, "ops", "wrong")).as("wrong password " + login).isEqualTo(401);
            }
            assertThat(get(port, "auditor", "auditor")).as("no demo users in prod").isEqualTo(401);
            assertThat(LedgerNodes.send(port, "ops", "correct horse battery", "POST", "/api/funds", "{}", null)
                    .statusCode()).as("an AUDITOR records nothing").isEqualTo(403);
        }
    }

    private static int get(int port, String user, String password) {
        return LedgerNodes.send(port, user, password, "GET", "/api/events", null, null).statusCode();
    }
}
