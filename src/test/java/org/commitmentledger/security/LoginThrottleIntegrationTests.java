package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.reliability.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Failed logins over real HTTP (ADR 0026). Each test sends from loopback addresses of its own (127.0.0.x binds on
 * Linux), so the shared context's 127.0.0.1 keeps its budget for the other tests.
 */
class LoginThrottleIntegrationTests extends LedgerHttpTest {

    @Test
    void twentyWrongPasswordsGet429WhileTheRightPasswordFromAnotherAddressStillWorks() throws Exception {
        ensureMember("TKL", "0.01");
        String user = "delegate-TKL";
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer last = null;
        for (int i = 0; i < 20; i++) {
            last = get("127.0.0.3", user, "wrong-" + i);
            statuses.add(last.status());
        }

        assertThat(statuses.subList(0, 10)).as("the first ten failures are plain 401s").containsOnly(401);
        assertThat(statuses.subList(10, 20)).as("then the address is throttled").containsOnly(429);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.text()).contains("\"status\":429").contains("/too-many-failed-logins\"")
                .contains("too many failed logins from your address");
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.header("WWW-Authenticate")).as("no password prompt while throttled").isNull();

        assertThat(get("127.0.0.4", user, user).status()).as("the right password from another address").isEqualTo(200);
        assertThat(get("127.0.0.3", user, user).status())
                .as("the right password, verified a moment ago, even from the throttled address").isEqualTo(200);
    }

    @Test
    void failuresForOneUserNameFromManyAddressesGet429ForThatNameOnly() throws Exception {
        String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer last = null;
        for (int i = 1; i <= 24; i++) {
            last = get("127.0.1." + i, name, "guess-" + i);
            statuses.add(last.status());
        }

        assertThat(statuses.subList(0, 20)).containsOnly(401);
        assertThat(statuses.subList(20, 24)).containsOnly(429);
        assertThat(last.text()).contains("too many failed logins for this user name");
        assertThat(get("127.0.1.30", name + "-other", "guess").status()).as("another name").isEqualTo(401);
    }

    @Test
    void aThrottledAddressIsAnsweredWithoutCheckingAnyPassword() throws Exception {
        for (int i = 0; i < 10; i++) {
            get("127.0.0.5", "nobody", "wrong");
        }
        long started = System.nanoTime();
        RawHttp.Answer answer = get("127.0.0.5", "auditor", "wrong");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).isEqualTo(429);
        assertThat(millis).as("answered at once").isLessThan(2_000);
    }

    private RawHttp.Answer get(String from, String user, String password) throws Exception {
        return RawHttp.send(InetAddress.getByName(from), port, "GET", "/api/events?limit=1",
                Map.of("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))), null, 0);
    }
}
