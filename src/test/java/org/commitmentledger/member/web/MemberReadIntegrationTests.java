package org.commitmentledger.member.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.PointInTimeHttpTest;
import org.junit.jupiter.api.Test;

/** GET /api/members and /api/members/{code} over HTTP at (asOf, effectiveAt). */
class MemberReadIntegrationTests extends PointInTimeHttpTest {

    @Test
    void memberShowsTheKeyInForceThenAsRecordedThen() {
        long registration = written(as("secretariat").put("/api/members/PLW", """
                {"name":"Palau","costShare":"2.5","effectiveAt":"1950-01-01T00:00:00Z"}"""));
        long revision = written(as("secretariat").put("/api/members/PLW", """
                {"name":"Republic of Palau","costShare":"3.0000","effectiveAt":"1960-01-01T00:00:00Z"}"""));
        String beforeRevision = render(recordedAt(revision).minusMillis(1));

        JsonNode now = ok(as("auditor").get("/api/members/PLW"));
        assertThat(now.get("code").asText()).isEqualTo("PLW");
        assertThat(now.get("name").asText()).isEqualTo("Republic of Palau");
        assertThat(now.get("costShare").asText()).isEqualTo("3");
        assertThat(now.get("effectiveAt").asText()).isEqualTo(now.get("asOf").asText());
        assertThat(now.get("lastSequence").asLong()).isGreaterThanOrEqualTo(revision);

        JsonNode earlier = ok(as("auditor").get("/api/members/PLW?effectiveAt=1959-12-31T23:59:59.999Z"));
        assertThat(earlier.get("costShare").asText()).isEqualTo("2.5");
        assertThat(earlier.get("name").asText()).isEqualTo("Palau");
        assertThat(earlier.get("effectiveAt").asText()).isEqualTo("1959-12-31T23:59:59.999Z");

        JsonNode asRecordedBefore = ok(as("auditor").get("/api/members/PLW?asOf=" + beforeRevision
                + "&effectiveAt=1970-01-01T00:00:00Z"));
        assertThat(asRecordedBefore.get("costShare").asText()).isEqualTo("2.5");
        assertThat(asRecordedBefore.get("asOf").asText()).isEqualTo(beforeRevision);
        assertThat(asRecordedBefore.get("lastSequence").asLong()).isEqualTo(registration);

        JsonNode atRegistration = ok(as("auditor").get("/api/members/PLW?asOf=" + render(recordedAt(registration))));
        assertThat(atRegistration.get("effectiveAt").asText()).isEqualTo(render(recordedAt(registration)));
        assertThat(atRegistration.get("lastSequence").asLong()).isEqualTo(registration);
    }

    @Test
    void memberListHoldsTheMembersRegisteredThen() {
        long registration = written(as("secretariat").put("/api/members/FSM", """
                {"name":"Micronesia","costShare":"0.125","effectiveAt":"1951-01-01T00:00:00Z"}"""));

        JsonNode now = ok(as("auditor").get("/api/members"));
        assertThat(now.get("members").findValuesAsText("code")).contains("FSM").isSorted();
        assertThat(memberIn(now, "FSM").get("costShare").asText()).isEqualTo("0.125");
        assertThat(memberIn(now, "FSM").get("name").asText()).isEqualTo("Micronesia");
        assertThat(now.get("effectiveAt").asText()).isEqualTo(now.get("asOf").asText());

        JsonNode before = ok(as("auditor").get("/api/members?effectiveAt=1950-12-31T23:59:59.999Z"));
        assertThat(before.get("members").findValuesAsText("code")).doesNotContain("FSM");
        assertThat(before.get("effectiveAt").asText()).isEqualTo("1950-12-31T23:59:59.999Z");
        Instant recorded = recordedAt(registration);
        JsonNode notYetRecorded = ok(as("auditor").get("/api/members?asOf=" + render(recorded.minusMillis(1))
                + "&effectiveAt=1960-01-01T00:00:00Z"));
        assertThat(notYetRecorded.get("members").findValuesAsText("code")).doesNotContain("FSM");
        assertThat(notYetRecorded.get("lastSequence").asLong()).isLessThan(registration);
        JsonNode recordedThen = ok(as("auditor").get("/api/members?asOf=" + render(recorded)
                + "&effectiveAt=1960-01-01T00:00:00Z"));
        assertThat(recordedThen.get("members").findValuesAsText("code")).contains("FSM");
        assertThat(recordedThen.get("asOf").asText()).isEqualTo(render(recorded));
        assertThat(recordedThen.get("lastSequence").asLong()).isEqualTo(registration);
    }

    @Test
    void memberNotRegisteredThenIsNotFound() {
        long registration = written(as("secretariat").put("/api/members/NIU", """
                {"name":"Niue","costShare":"0.5","effectiveAt":"1952-01-01T00:00:00Z"}"""));

        assertProblem(as("auditor").get("/api/members/BVT"), 404);
        assertProblem(as("auditor").get("/api/members/NIU?effectiveAt=1951-12-31T23:59:59.999Z"), 404);
        assertProblem(as("auditor").get("/api/members/NIU?asOf=" + render(recordedAt(registration).minusMillis(1))),
                404);
        assertThat(ok(as("auditor").get("/api/members/NIU?effectiveAt=1952-01-01T00:00:00Z")).get("name").asText())
                .isEqualTo("Niue");
        assertProblem(as("auditor").get("/api/members/XX1"), 400);
    }

    @Test
    void malformedInstantsAreRefusedAsInvalidInput() {
        for (String path : new String[] {"/api/members", "/api/members/DEU"}) {
            assertMalformed(as("auditor").get(path + "?asOf=yesterday"), "asOf");
            assertMalformed(as("auditor").get(path + "?effectiveAt=2024-13-01T00:00:00Z"), "effectiveAt");
            assertMalformed(as("auditor").get(path + "?asOf=yesterday&effectiveAt=2024-13-01T00:00:00Z"), "effectiveAt");
        }
    }

    private static JsonNode memberIn(JsonNode list, String code) {
        for (JsonNode member : list.get("members")) {
            if (member.get("code").asText().equals(code)) {
                return member;
            }
        }
        throw new AssertionError(code + " not in " + list);
    }
}
