package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Unknown user names are checked against decoys that cost what configured users cost (ADR 0025). */
class LedgerUsersTests {

    @Test
    void checksAnUnknownNameAgainstADecoyOfAConfiguredUsersCost() {
        SecurityProperties properties = new SecurityProperties();
        properties.setDemoUsers(false);
        properties.setUsers(List.of(
                StartupChecksTests.user("ops", new BCryptPasswordEncoder(10).encode("a")),
                StartupChecksTests.user("chief", new BCryptPasswordEncoder(11).encode("b"))));
        LedgerUsers users = new LedgerUsers(properties, null);

        Set<Integer> costs = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            String decoy = users.decoyHash("nobody-" + i);
            assertThat(decoy).startsWith("{bcrypt}$2a$");
            assertThat(users.decoyHash("nobody-" + i)).as("the same name, the same cost").isEqualTo(decoy);
            costs.add(StartupChecks.bcryptCost(decoy));
        }
        assertThat(costs).as("unknown names cost what one of the configured users costs")
                .containsExactlyInAnyOrder(10, 11);
        assertThat(users.find("nobody-1")).isEmpty();
        assertThat(users.find("ops")).isPresent();
    }
}
