package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The two modes decided before the application touches its database (ADR 0025). */
class StartupChecksTests {

    private static final String H2_FILE = "jdbc:h2:file:./data/ledger;WRITE_DELAY=0";
    private static final String COST_10 = new BCryptPasswordEncoder(10).encode("secret");
    private static final String[] NONE = {};

    @Test
    void allowsDemoUsersOnlyInTheEmbeddedH2Default() {
        assertThat(StartupChecks.notTheEmbeddedDefault(NONE, H2_FILE)).isNull();
        assertThat(StartupChecks.notTheEmbeddedDefault(NONE, "jdbc:h2:mem:test")).isNull();
        assertThat(StartupChecks.notTheEmbeddedDefault(NONE, null)).isNull();
        assertThat(StartupChecks.notTheEmbeddedDefault(new String[] {"bench"}, H2_FILE)).isNull();

        assertThat(StartupChecks.notTheEmbeddedDefault(new String[] {"postgres"}, H2_FILE))
                .isEqualTo("with profile postgres");
        assertThat(StartupChecks.notTheEmbeddedDefault(new String[] {"prod"}, H2_FILE)).isEqualTo("with profile prod");
        assertThat(StartupChecks.notTheEmbeddedDefault(NONE, "jdbc:h2:tcp://db/ledger")).contains("jdbc:h2");
        assertThat(StartupChecks.notTheEmbeddedDefault(NONE, "jdbc:postgresql://db:5432/ledger?password=x"))
                .isEqualTo("on the datasource jdbc:postgresql:…").doesNotContain("password");
    }

    @Test
    void refusesDemoUsersOutsideTheEmbeddedDefault() {
        SecurityProperties demo = new SecurityProperties();

        assertThatThrownBy(() -> StartupChecks.check(demo, new String[] {"postgres"}, H2_FILE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo users (password = user name) exist only in the embedded H2 default")
                .hasMessageContaining("with profile postgres");
        assertThatThrownBy(() -> StartupChecks.check(demo, NONE, "jdbc:postgresql://db:5432/ledger"))
                .hasMessageContaining("on the datasource jdbc:postgresql");
        assertThatCode(() -> StartupChecks.check(demo, NONE, H2_FILE)).doesNotThrowAnyException();
    }

    @Test
    void refusesToStartWithoutUsersWhenDemoUsersAreOff() {
        SecurityProperties none = new SecurityProperties();
        none.setDemoUsers(false);

        assertThatThrownBy(() -> StartupChecks.check(none, new String[] {"prod"}, H2_FILE))
                .hasMessage(StartupChecks.NO_USERS);
    }

    @Test
    void acceptsBCryptHashesOfCostTenOrMoreWithOrWithoutTheirPrefix() {
        assertThat(StartupChecks.bcryptHash("alice", COST_10)).isEqualTo("{bcrypt}" + COST_10);
        assertThat(StartupChecks.bcryptHash("alice", "{bcrypt}" + COST_10)).isEqualTo("{bcrypt}" + COST_10);
        assertThat(StartupChecks.bcryptCost(StartupChecks.bcryptHash("bob",
                new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 11).encode("x")))).isEqualTo(11);
    }

    @Test
    void refusesAnyOtherHashNamingTheUserButNotTheHash() {
        String weak = new BCryptPasswordEncoder(4).encode("secret");
        assertThatThrownBy(() -> StartupChecks.bcryptHash("alice", "{noop}plain"))
                .hasMessageContaining("user alice").hasMessageContaining("{noop}").hasMessageNotContaining("plain");
        assertThatThrownBy(() -> StartupChecks.bcryptHash("bob", weak))
                .hasMessageContaining("user bob").hasMessageContaining("cost is 4");
        assertThatThrownBy(() -> StartupChecks.bcryptHash("carol", "{pbkdf2}abc"))
                .hasMessageContaining("user carol").hasMessageContaining("{pbkdf2}");
        assertThatThrownBy(() -> StartupChecks.bcryptHash("dave", "plain-text-password"))
                .hasMessageContaining("user dave").hasMessageContaining("not a BCrypt hash")
                .hasMessageNotContaining("plain-text-password");
        assertThatThrownBy(() -> StartupChecks.bcryptHash("erin", "{bcrypt}" + weak))
                .hasMessageContaining("user erin");
    }

    @Test
    void checksEveryConfiguredUserInEveryMode() {
        SecurityProperties properties = new SecurityProperties();
        properties.setUsers(List.of(user("ops", COST_10), user("legacy", "{noop}legacy")));

        assertThatThrownBy(() -> StartupChecks.check(properties, NONE, H2_FILE)).hasMessageContaining("user legacy");
    }

    static SecurityProperties.User user(String name, String hash) {
        SecurityProperties.User user = new SecurityProperties.User();
        user.setName(name);
        user.setPasswordHash(hash);
        user.setRole(Role.AUDITOR);
        return user;
    }
}
