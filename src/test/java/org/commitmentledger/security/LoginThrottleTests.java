package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Failed logins per address and per user name, with a password check that only accepts "right" (ADR 0026). */
class LoginThrottleTests {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    private final AuthenticationProvider check = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            passwordChecks.incrementAndGet();
            if (!"right".equals(authentication.getCredentials())) {
                throw new BadCredentialsException("Bad credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of());
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };

    @Test
    void correctLoginsNeverUseUpTheLimits() {
        LoginThrottle throttle = throttle(3, 3);

        for (int i = 0; i < 100; i++) {
            assertThat(throttle.authenticate(login("alice", "right", "10.0.0.1")).isAuthenticated()).isTrue();
        }
    }

    @Test
    void refusesAnAddressPastItsFailuresWithoutCheckingThePassword() {
        LoginThrottle throttle = throttle(3, 100);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> throttle.authenticate(login("alice", "wrong", "10.0.0.1")))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> throttle.authenticate(login("alice", "right", "10.0.0.1")))
                .isInstanceOfSatisfying(LoginThrottledException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("too many failed logins from your address");
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 20L);
                });
        assertThat(passwordChecks).hasValue(3);
        assertThat(throttle.authenticate(login("alice", "right", "10.0.0.2")).isAuthenticated())
                .as("the right password from another address").isTrue();
    }

    @Test
    void refusesAUserNamePastItsFailuresExceptFromAnAddressItLoggedInFromBefore() {
        LoginThrottle throttle = throttle(100, 2);
        throttle.authenticate(login("alice", "right", "10.0.0.1"));
        for (String attacker : new String[] {"10.6.6.1", "10.6.6.2"}) {
            assertThatThrownBy(() -> throttle.authenticate(login("alice", "wrong", attacker)))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> throttle.authenticate(login("alice", "wrong", "10.6.6.3")))
                .isInstanceOf(LoginThrottledException.class)
                .hasMessage("too many failed logins for this user name");
        assertThat(throttle.authenticate(login("alice", "right", "10.0.0.1")).isAuthenticated())
                .as("alice from where she logged in before").isTrue();
        assertThat(throttle.authenticate(login("bob", "right", "10.6.6.3")).isAuthenticated())
                .as("another name from the attacker's address").isTrue();
    }

    @Test
    void aRefusalByNameLeavesTheAddressItsFailures() {
        LoginThrottle throttle = throttle(2, 1);
        assertThatThrownBy(() -> throttle.authenticate(login("alice", "wrong", "10.0.0.9")))
                .isInstanceOf(BadCredentialsException.class);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> throttle.authenticate(login("alice", "wrong", "10.0.0.9")))
                    .isInstanceOf(LoginThrottledException.class).hasMessageContaining("user name");
        }

        assertThatThrownBy(() -> throttle.authenticate(login("bob", "wrong", "10.0.0.9")))
                .as("the address has used one of its two failures").isInstanceOf(BadCredentialsException.class);
    }

    private LoginThrottle throttle(int perAddress, int perUser) {
        SecurityProperties.LoginThrottle limits = new SecurityProperties.LoginThrottle();
        limits.setPerAddress(new SecurityProperties.Limit(perAddress, Duration.ofMinutes(1)));
        limits.setPerUser(new SecurityProperties.Limit(perUser, Duration.ofMinutes(10)));
        return new LoginThrottle(check, limits);
    }

    private static Authentication login(String name, String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(name, password);
        token.setDetails(new WebAuthenticationDetails(address, null));
        return token;
    }
}
