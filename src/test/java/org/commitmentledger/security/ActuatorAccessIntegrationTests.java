package org.commitmentledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** Health for everyone, its details for ADMIN; every other actuator endpoint for ADMIN only (ADR 0025). */
class ActuatorAccessIntegrationTests extends LedgerHttpTest {

    @Test
    void answersHealthToEveryoneAndItsDetailsToAdminOnly() {
        Response anonymous = anonymous().get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(as("auditor").get("/actuator/health").json().has("components")).isFalse();

        Response admin = as("admin").get("/actuator/health");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void refusesMetricsAndInfoToEveryRoleButAdmin() {
        ensureMember("DEU", "16.1");
        for (String user : new String[] {"delegate-DEU", "auditor", "secretariat"}) {
            for (String path : new String[] {"/actuator/metrics", "/actuator/metrics/jvm.memory.used",
                    "/actuator/info", "/actuator"}) {
                Response refused = as(user).get(path);
                assertThat(refused.status()).as(user + " " + path).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.json().get("detail").asText())
                        .contains("actuator endpoints other than health are for ADMIN only");
            }
        }
        assertThat(anonymous().get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(as("admin").get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(as("admin").get("/actuator/info").status()).isEqualTo(200);
    }
}
