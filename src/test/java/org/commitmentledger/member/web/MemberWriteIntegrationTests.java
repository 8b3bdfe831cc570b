package org.commitmentledger.member.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;

class MemberWriteIntegrationTests extends LedgerHttpScenarios {

    private Response put(String code, String name, String share, String at) {
        return as("secretariat").put("/api/members/" + code,
                "{\"name\":\"" + name + "\",\"costShare\":\"" + share + "\",\"effectiveAt\":\"" + at + "\"}");
    }

    private JsonNode event(long sequence) {
        Response r = as("auditor").get("/api/events?after=" + (sequence - 1) + "&limit=1");
        return r.json().at("/events/0");
    }

    @Test
    void registersAMemberWithLocationOnTheFirstPut() {
        String code = unusedMemberCode();
        long before = eventCount();
        Response r = put(code, "Newland", "2.50", "2020-01-01T00:00:00Z");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/api/members/" + code);
        assertThat(r.json().get("code").asText()).isEqualTo(code);
        assertThat(r.json().get("costShare").asText()).isEqualTo("2.5");
        assertThat(eventCount()).isEqualTo(before + 1);
        JsonNode e = event(r.json().get("sequence").asLong());
        assertThat(e.get("type").asText()).isEqualTo("MemberRegistered");
        assertThat(e.at("/payload/code").asText()).isEqualTo(code);
        assertThat(e.at("/actor/user").asText()).isEqualTo("secretariat");
        assertThat(e.at("/actor/role").asText()).isEqualTo("SECRETARIAT");
    }

    @Test
    void revisesARegisteredMemberWith200() {
        String code = unusedMemberCode();
        assertThat(put(code, "Newland", "2.5", "2020-01-01T00:00:00Z").status()).isEqualTo(201);

        Response r = put(code, "Republic of Newland", "3", "2024-01-01T00:00:00Z");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Location")).isNull();
        JsonNode e = event(r.json().get("sequence").asLong());
        assertThat(e.get("type").asText()).isEqualTo("MemberRevised");
        assertThat(e.at("/payload/name").asText()).isEqualTo("Republic of Newland");
        assertThat(e.get("effectiveAt").asText()).isEqualTo("2024-01-01T00:00:00.000Z");
    }

    @Test
    void rejectsARevisionGoingBackwardsOnTheMemberTimeline() {
        String code = unusedMemberCode();
        assertThat(put(code, "Newland", "2.5", "2020-01-01T00:00:00Z").status()).isEqualTo(201);
        conflict("goes backwards", () -> put(code, "Newland", "3", "2019-12-31T23:59:59Z"));
    }

    @Test
    void onlyTheSecretariatRegistersMembers() {
        String code = unusedMemberCode();
        refused(403, () -> as("auditor").put("/api/members/" + code, "{\"name\":\"X\",\"costShare\":\"1\"}"));
        refused(403, () -> as("admin").put("/api/members/" + code, "{\"name\":\"X\",\"costShare\":\"1\"}"));
        refused(401, () -> anonymous().put("/api/members/" + code, "{\"name\":\"X\",\"costShare\":\"1\"}"));
    }
}
