package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scripted life of a fund that reaches every endpoint of docs/api.md, its success answers and the errors a
 * client can provoke deterministically. Tests that judge answers as a whole (their shape, their agreement with the
 * OpenAPI document) run it instead of each writing its own scenario. Every step checks its status, so a script that
 * no longer reaches an answer fails instead of silently judging less.
 */
public abstract class ScriptedLedgerRun extends LedgerHttpScenarios {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * One request and its answer. {@code template} is the path as docs/api.md and the OpenAPI document name it;
     * {@code variesBelow} are JSON pointers whose content legitimately depends on timing (a rebuild's progress).
     */
    public record Exchange(String name, String method, String template, String path, String user, String body,
                           Map<String, String> headers, Response response, Set<String> variesBelow) {

        public boolean answersJson() {
            String type = response.contentType();
            return type.startsWith("application/json") || type.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return name + ": " + method + " " + path + " -> " + response.status() + " " + response.contentType();
        }
    }

    private final class Script {
        final List<Exchange> exchanges = new ArrayList<>();

        Response step(String name, int status, String user, String method, String template, String path,
                      String body) {
            return step(name, status, user, method, template, path, body, Map.of(), Set.of());
        }

        Response step(String name, int status, String user, String method, String template, String path,
                      String body, Map<String, String> headers, Set<String> variesBelow) {
            Map<String, String> sent = new LinkedHashMap<>(headers);
            if (body != null && !sent.containsKey("Content-Type")) {
                sent.put("Content-Type", "application/json");
            }
            Response r = call(user, method, path, body, sent);
            assertThat(r.status()).as("%s: %s %s answered %s", name, method, path, r).isEqualTo(status);
            exchanges.add(new Exchange(name, method, template, path, user, body, Map.copyOf(sent), r, variesBelow));
            return r;
        }
    }

    /** Runs the script once and answers every exchange in the order sent. */
    protected List<Exchange> runScript() throws InterruptedException {
        Script s = new Script();
        String m = unusedMemberCode();
        String o = unusedMemberCode();
        String f = fundId();
        String member = "/api/members/{code}";

        // ---- members ----
        s.step("member-registered", 201, "secretariat", "PUT", member, "/api/members/" + m, """
                {"name":"Member %s","costShare":"12.5","effectiveAt":"2000-01-01T00:00:00Z"}""".formatted(m));
        s.step("member-revised", 200, "secretariat", "PUT", member, "/api/members/" + m, """
                {"name":"Member %s","costShare":"13.25","effectiveAt":"2010-01-01T00:00:00Z"}""".formatted(m));
        s.step("member-registered-other", 201, "secretariat", "PUT", member, "/api/members/" + o, """
                {"name":"Member %s","costShare":"7","effectiveAt":"2000-01-01T00:00:00Z"}""".formatted(o));

        // ---- the fund's life ----
        s.step("fund-proposed", 201, "secretariat", "POST", "/api/funds", "/api/funds", """
                {"fundId":"%s","name":"Fund %s","targetEur":"1000000","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"%s","effectiveAt":"%s"}"""
                .formatted(f, f, DEADLINE, PROPOSED_AT));
        String fund = "/api/funds/" + f;
        s.step("fund-amended", 200, "secretariat", "POST", "/api/funds/{fundId}/amendments", fund + "/amendments", """
                {"targetEur":"800000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"%s","reason":"smaller","effectiveAt":"2024-04-10T00:00:00Z"}"""
                .formatted(DEADLINE));
        s.step("objection-raised", 200, "secretariat", "POST", "/api/funds/{fundId}/objections", fund + "/objections",
                """
                {"member":"%s","reason":"too large","effectiveAt":"2024-04-20T00:00:00Z"}""".formatted(m));
        s.step("objection-withdrawn", 200, "secretariat", "POST", "/api/funds/{fundId}/objections/{member}/withdrawal",
                fund + "/objections/" + m + "/withdrawal", """
                {"reason":"agreed","effectiveAt":"2024-04-25T00:00:00Z"}""");
        Response early = s.step("pledge-made-before-opt-out", 201, "secretariat", "POST", "/api/pledges",
                "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"50000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(f, o));
        long firstPledgeSequence = early.json().get("sequence").asLong();
        s.step("opted-out", 200, "secretariat", "POST", "/api/funds/{fundId}/opt-outs", fund + "/opt-outs", """
                {"member":"%s","reason":"will not take part","effectiveAt":"2024-05-05T00:00:00Z"}""".formatted(o));
        String from = instantNow();
        Response inKind = s.step("pledge-made-in-kind", 201, "secretariat", "POST", "/api/pledges", "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"20000","currency":"EUR","year":2025,"kind":"IN_KIND",
                 "description":"field hospital","effectiveAt":"2024-05-10T00:00:00Z"}""".formatted(f, m));
        Response money = s.step("pledge-made-money", 201, "secretariat", "POST", "/api/pledges", "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"100000","currency":"USD","eurRate":"0.9","year":2025,
                 "note":"first tranche","effectiveAt":"2024-05-11T00:00:00Z"}""".formatted(f, m));
        Response withdrawn = s.step("pledge-made-to-withdraw", 201, "secretariat", "POST", "/api/pledges",
                "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-05-12T00:00:00Z"}""".formatted(f, m));
        s.step("decided", 200, "secretariat", "POST", "/api/funds/{fundId}/decisions", fund + "/decisions",
                "{\"effectiveAt\":\"" + DEADLINE + "\"}");
        String p = money.json().get("pledgeId").asText();
        String pledge = "/api/pledges/" + p;
        s.step("pledge-revised", 200, "secretariat", "POST", "/api/pledges/{pledgeId}/revisions", pledge + "/revisions",
                """
                {"amount":"120000","reason":"more","kind":"REVISION","effectiveAt":"2024-07-05T00:00:00Z"}""");
        s.step("pledge-corrected", 200, "secretariat", "POST", "/api/pledges/{pledgeId}/revisions",
                pledge + "/revisions", """
                {"amount":"110000","currency":"EUR","reason":"typo","kind":"CORRECTION",
                 "effectiveAt":"2024-07-06T00:00:00Z"}""");
        String key = "script-" + p;
        s.step("pledge-revised-with-key", 200, "secretariat", "POST", "/api/pledges/{pledgeId}/revisions",
                pledge + "/revisions", """
                {"amount":"115000","reason":"again","kind":"REVISION","effectiveAt":"2024-07-07T00:00:00Z"}""",
                Map.of("Idempotency-Key", key), Set.of());
        s.step("problem-422-key-reused", 422, "secretariat", "POST", "/api/pledges/{pledgeId}/revisions",
                pledge + "/revisions", """
                {"amount":"116000","reason":"again","kind":"REVISION","effectiveAt":"2024-07-07T00:00:00Z"}""",
                Map.of("Idempotency-Key", key), Set.of());
        s.step("pledge-disbursed", 200, "secretariat", "POST", "/api/pledges/{pledgeId}/disbursements",
                pledge + "/disbursements", """
                {"amount":"30000","currency":"EUR","reference":"transfer 1","effectiveAt":"2024-07-10T00:00:00Z"}""");
        s.step("pledge-withdrawn", 200, "secretariat", "POST", "/api/pledges/{pledgeId}/withdrawal",
                "/api/pledges/" + withdrawn.json().get("pledgeId").asText() + "/withdrawal", """
                {"reason":"replaced","effectiveAt":"2024-07-12T00:00:00Z"}""");

        // ---- reads ----
        s.step("members", 200, "auditor", "GET", "/api/members", "/api/members", null);
        s.step("member", 200, "auditor", "GET", member, "/api/members/" + m, null);
        s.step("funds", 200, "auditor", "GET", "/api/funds", "/api/funds", null);
        s.step("fund", 200, "auditor", "GET", "/api/funds/{fundId}", fund, null);
        s.step("fair-shares", 200, "auditor", "GET", "/api/funds/{fundId}/fair-shares", fund + "/fair-shares", null);
        s.step("position", 200, "auditor", "GET", "/api/funds/{fundId}/members/{code}", fund + "/members/" + m, null);
        s.step("rounds", 200, "auditor", "GET", "/api/funds/{fundId}/rounds", fund + "/rounds", null);
        s.step("timeline", 200, "auditor", "GET", "/api/funds/{fundId}/timeline", fund + "/timeline", null);
        s.step("fund-pledges", 200, "auditor", "GET", "/api/funds/{fundId}/pledges", fund + "/pledges", null);
        s.step("fund-pledges-of-member", 200, "auditor", "GET", "/api/funds/{fundId}/pledges",
                fund + "/pledges?member=" + m, null);
        s.step("explain", 200, "auditor", "GET", "/api/funds/{fundId}/explain", fund + "/explain", null);
        Thread.sleep(5);
        s.step("changes", 200, "auditor", "GET", "/api/funds/{fundId}/changes",
                fund + "/changes?from=" + encoded(from) + "&to=" + encoded(instantNow()), null);
        s.step("pledge-money", 200, "auditor", "GET", "/api/pledges/{pledgeId}", pledge, null);
        s.step("pledge-in-kind", 200, "auditor", "GET", "/api/pledges/{pledgeId}",
                "/api/pledges/" + inKind.json().get("pledgeId").asText(), null);
        s.step("fund-history", 200, "auditor", "GET", "/api/funds/{fundId}/history", fund + "/history", null);
        s.step("pledge-history", 200, "auditor", "GET", "/api/pledges/{pledgeId}/history", pledge + "/history", null);
        s.step("events-page", 200, "auditor", "GET", "/api/events",
                "/api/events?after=" + (firstPledgeSequence - 1) + "&limit=3", null);
        s.step("demo", 200, "auditor", "GET", "/api/demo", "/api/demo", null);

        // ---- CSV: the same lists as text ----
        s.step("members-csv", 200, "auditor", "GET", "/api/members", "/api/members", null,
                Map.of("Accept", "text/csv"), Set.of());
        s.step("fund-pledges-csv", 200, "auditor", "GET", "/api/funds/{fundId}/pledges", fund + "/pledges", null,
                Map.of("Accept", "text/csv"), Set.of());

        // ---- audit ----
        JsonNode digest = s.step("digest", 200, "auditor", "GET", "/api/audit/digest", "/api/audit/digest", null)
                .json();
        s.step("verify", 200, "auditor", "GET", "/api/audit/verify", "/api/audit/verify", null);
        s.step("verify-digest", 200, "auditor", "GET", "/api/audit/verify", "/api/audit/verify?digest="
                + digest.get("head").asText() + "&sequence=" + digest.get("sequence").asLong(), null);
        awaitCheckpointCovering(digest.get("sequence").asLong());
        s.step("checkpoint", 200, "auditor", "GET", "/api/audit/checkpoint", "/api/audit/checkpoint", null);
        s.step("checkpoints", 200, "auditor", "GET", "/api/audit/checkpoints",
                "/api/audit/checkpoints?after=0&limit=1000", null);
        s.step("public-key", 200, "auditor", "GET", "/api/audit/public-key", "/api/audit/public-key", null);
        s.step("proof-inclusion", 200, "auditor", "GET", "/api/audit/proof/inclusion",
                "/api/audit/proof/inclusion?sequence=" + firstPledgeSequence, null);
        s.step("proof-consistency", 200, "auditor", "GET", "/api/audit/proof/consistency",
                "/api/audit/proof/consistency?from=1", null);

        // ---- operations ----
        s.step("backup-taken", 201, "admin", "POST", "/api/admin/backups", "/api/admin/backups", "{}");
        s.step("backups", 200, "admin", "GET", "/api/admin/backups", "/api/admin/backups", null);
        // the rebuild's own answer catches the new generation at whatever point it has reached
        s.step("rebuild-started", 202, "admin", "POST", "/api/admin/projections/rebuild",
                "/api/admin/projections/rebuild", "{}", Map.of(),
                Set.of("/building", "/lastBuild", "/live/since"));
        awaitRebuilt();
        s.step("projections", 200, "admin", "GET", "/api/admin/projections", "/api/admin/projections", null,
                Map.of(), Set.of("/lastBuild/eventsPerSecond"));

        // ---- errors ----
        s.step("problem-401", 401, null, "GET", "/api/funds", "/api/funds", null);
        s.step("problem-403-role", 403, "auditor", "POST", "/api/funds", "/api/funds", """
                {"fundId":"%s","name":"x","targetEur":"1","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"%s"}""".formatted(fundId(), DEADLINE));
        s.step("problem-400-fields", 400, "secretariat", "POST", "/api/funds", "/api/funds", """
                {"fundId":"X","name":"","targetEur":"-1","periodStart":"2025-01-01","periodEnd":"2024-12-31",
                 "decisionDeadline":"%s"}""".formatted(DEADLINE));
        s.step("problem-400-parameter", 400, "auditor", "GET", "/api/funds/{fundId}", fund + "?asof=x", null);
        s.step("problem-403-delegate", 403, "delegate-" + o, "POST", "/api/pledges", "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"1","currency":"EUR","year":2025}""".formatted(f, m));
        s.step("problem-404-fund", 404, "auditor", "GET", "/api/funds/{fundId}", "/api/funds/" + fundId(), null);
        s.step("problem-404-pledge", 404, "secretariat", "POST", "/api/pledges/{pledgeId}/withdrawal",
                "/api/pledges/00000000-0000-0000-0000-000000000000/withdrawal", """
                {"reason":"none"}""");
        s.step("problem-404-path", 404, "auditor", "GET", "/api/nothing-here", "/api/nothing-here", null);
        s.step("problem-409-rule", 409, "secretariat", "POST", "/api/funds", "/api/funds", """
                {"fundId":"%s","name":"again","targetEur":"1","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"%s","effectiveAt":"%s"}""".formatted(f, DEADLINE, PROPOSED_AT));
        s.step("problem-406-csv", 406, "auditor", "GET", "/api/funds/{fundId}", fund, null,
                Map.of("Accept", "text/csv"), Set.of());
        s.step("problem-415", 415, "secretariat", "POST", "/api/funds/{fundId}/decisions", fund + "/decisions", "{}",
                Map.of("Content-Type", "text/plain"), Set.of());
        return s.exchanges;
    }

    private void awaitCheckpointCovering(long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Response r = call("auditor", "GET", "/api/audit/checkpoint", null, Map.of());
            if (r.status() == 200 && r.json().get("treeSize").asLong() > 0) {
                Response proof = call("auditor", "GET", "/api/audit/proof/inclusion?sequence=" + sequence, null,
                        Map.of());
                if (proof.status() == 200) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("a checkpoint signed within %s: %s", WAIT, r).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitRebuilt() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (call("admin", "GET", "/api/admin/projections", null, Map.of()).json().get("rebuilding").asBoolean()) {
            assertThat(System.nanoTime()).as("rebuild finished within %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String instantNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Like {@link LedgerHttpTest.Client#send} but with any headers (Accept, Content-Type, Idempotency-Key). */
    protected Response call(String user, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }
}
