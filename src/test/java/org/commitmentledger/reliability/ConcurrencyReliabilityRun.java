package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.ReferenceFold;
import org.junit.jupiter.api.Test;

/**
 * The concurrency run (docs/reliability.md), against the real jar as a separate process: {@code threads} clients
 * each sending {@code writes} revisions of one pledge, then as many writes on one fund (pledges to it, and a few
 * amendments of its terms). Every 2xx must be exactly one stored event (each write carries a unique tag), no
 * aggregate's sequence may have a gap, and the projections' final answers must equal the reference fold of the feed.
 * The stored events are read from the H2 file after a graceful stop.
 *
 * <p>Properties: {@code reliability.concurrency.threads} (16), {@code reliability.concurrency.writes} (1000 per thread
 * and case), plus those of {@link LedgerProcess}.
 */
class ConcurrencyReliabilityRun {

    private static final Pattern TAG = Pattern.compile("op:[a-z]+-t\\d+-\\d+;");
    private static final List<String> MEMBERS = List.of("DEU", "FRA", "ITA", "POL", "NLD", "ESP");
    private static final String FUND = "race-fund";

    private final int threads = Integer.getInteger("reliability.concurrency.threads", 16);
    private final int writes = Integer.getInteger("reliability.concurrency.writes", 1000);
    private final Path dir = Path.of("target/reliability/concurrency");
    private final Path database = dir.resolve("ledger");

    /** One write and its answer (-1: none). */
    record Outcome(String tag, String kind, int status, long sequence, String aggregate, String problemType) {
        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    /** Builds the request of client {@code thread}'s {@code n}-th write. */
    interface Writer {
        Outcome write(LedgerClient client, int thread, int n, Random random);
    }

    private record Case(String name, List<Outcome> outcomes, Duration took) {
    }

    @Test
    void everyAcknowledgedWriteIsOneEventAndTheFinalStateIsTheFoldOfTheEvents() throws Exception {
        LedgerProcess.deleteDirectory(dir);
        String url = LedgerProcess.shippedUrl(database);
        Path log = dir.resolve("ledger.log");
        LedgerProcess ledger = LedgerProcess.start(url, log, Duration.ofMinutes(3));
        LedgerClient client = ledger.client();
        String pledge = setUp(client);

        Case onePledge = run("one pledge: " + threads + " × " + writes + " revisions", client,
                (c, t, n, random) -> revision(c, pledge, t, n, random));
        Case oneFund = run("one fund: " + threads + " × " + writes + " pledges and amendments", client,
                this::fundWrite);

        Duration catchUp = client.awaitProjectionsAtHead(Duration.ofMinutes(5));
        List<JsonNode> feed = client.feed();
        ReferenceFold fold = ReferenceFold.ofFeed(feed);
        ProjectionReads reads = reads(feed, pledge, oneFund, onePledge);
        Map<String, String> answers = reads.take(client);
        List<String> foldDetails = new ArrayList<>();
        int foldMismatches = reads.compareWithFold(answers, fold, foldDetails);
        ledger.stop();

        StoreFile.Contents store = StoreFile.read(database);
        List<String> findings = new ArrayList<>(foldDetails);
        Map<String, Long> checks = check(store, List.of(onePledge, oneFund), pledge, findings);

        RunReport report = new RunReport("Concurrency: " + threads + " clients on one pledge, then on one fund");
        report.line("Command: `./reliability/run.sh` (concurrency part: `mvn -B -o -Preliability test "
                + "-Dtest=ConcurrencyReliabilityRun -Dreliability.concurrency.writes=%d`), jar `%s`", writes,
                LedgerProcess.jar()).line("");
        report.row("case", "writes", "2xx", "4xx", "5xx", "no answer", "events stored for them", "2xx without its event",
                "stored twice", "non-2xx stored", "took", "2xx per s");
        report.row("---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---");
        for (Case c : List.of(onePledge, oneFund)) {
            String prefix = c == onePledge ? "rev" : "fund";
            report.row(c.name(), c.outcomes().size(), count(c, o -> o.acknowledged()),
                    count(c, o -> o.status() >= 400 && o.status() < 500) + " " + refusals(c),
                    count(c, o -> o.status() >= 500), count(c, o -> o.status() == -1), checks.get(prefix + ".stored"),
                    checks.get(prefix + ".missing"), checks.get(prefix + ".twice"), checks.get(prefix + ".unacked"),
                    c.took().toSeconds() + " s", String.format(java.util.Locale.ROOT, "%.0f",
                            count(c, Outcome::acknowledged) / Math.max(0.001, c.took().toMillis() / 1000.0)));
        }
        report.line("").line("The pledge's stream: %d events (sequence numbers 0–%d, %s); aggregates with a sequence gap: "
                        + "%d of %d; unused global indexes (holes): %d; snapshots stored: %d. Projections at the head "
                        + "%d ms after the last write.",
                checks.get("pledge.events"), checks.get("pledge.events") - 1,
                checks.get("pledge.contiguous") == 1 ? "no gap" : "GAPS", checks.get("gaps"),
                checks.get("aggregates"), store.holes(), store.snapshots(), catchUp.toMillis());
        report.line("Final state versus the reference fold of the %d stored events: %d of %d reads differ "
                + "(3 points in time; members, funds, the fund, fair shares, rounds, every member's position, "
                + "the pledge and 20 other pledges).", feed.size(), foldMismatches, reads.size());
        if (!findings.isEmpty()) {
            report.line("").line("Findings (first 20):").line("```");
            findings.stream().limit(20).forEach(f -> report.line("%s", f.length() > 1500 ? f.substring(0, 1500) : f));
            report.line("```");
        }
        report.write();

        assertThat(findings).isEmpty();
        assertThat(foldMismatches).isZero();
        assertThat(checks.get("gaps")).isZero();
        assertThat(checks.get("pledge.contiguous")).isEqualTo(1L);
        for (Case c : List.of(onePledge, oneFund)) {
            assertThat(count(c, o -> o.status() >= 500)).as(c.name() + ": 5xx").isZero();
            assertThat(count(c, o -> o.status() == -1)).as(c.name() + ": no answer").isZero();
        }
    }

    private String setUp(LedgerClient client) {
        for (int i = 0; i < MEMBERS.size(); i++) {
            expect(client.put("secretariat", "/api/members/" + MEMBERS.get(i), """
                    {"name":"%s","costShare":"%d.25","effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(MEMBERS.get(i),
                    3 + 2 * i)), 201);
        }
        expect(client.post("secretariat", "/api/funds", """
                {"fundId":"%s","name":"Race","targetEur":"90000000000","periodStart":"2025-01-01",
                 "periodEnd":"2027-12-31","decisionDeadline":"2024-02-01T00:00:00Z",
                 "effectiveAt":"2024-01-02T00:00:00Z"}""".formatted(FUND)), 201);
        expect(client.post("secretariat", "/api/funds/" + FUND + "/decisions",
                "{\"effectiveAt\":\"2024-02-01T00:00:00Z\"}"), 200);
        LedgerClient.Answer pledge = client.post("secretariat", "/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-03-01T00:00:00Z"}""".formatted(FUND));
        expect(pledge, 201);
        return pledge.json().get("pledgeId").asText();
    }

    private static void expect(LedgerClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("set-up write answered " + answer);
        }
    }

    private Outcome revision(LedgerClient client, String pledge, int thread, int n, Random random) {
        String tag = "op:rev-t" + thread + "-" + n + ";";
        String user = thread % 2 == 0 ? "secretariat" : "delegate-DEU";
        LedgerClient.Answer answer = client.post(user, "/api/pledges/" + pledge + "/revisions", """
                {"amount":"%d","kind":"REVISION","reason":"%s","effectiveAt":"2024-05-01T00:00:00Z"}"""
                .formatted(10_000L + thread * 100_000L + n, tag));
        return outcome(tag, "revision", answer, pledge);
    }

    /** 98 % pledges to the fund by the thread's member, 2 % amendments of the fund's target (its own stream). */
    private Outcome fundWrite(LedgerClient client, int thread, int n, Random random) {
        String tag = "op:fund-t" + thread + "-" + n + ";";
        if (random.nextInt(100) < 2) {
            LedgerClient.Answer answer = client.post("secretariat", "/api/funds/" + FUND + "/amendments", """
                    {"targetEur":"%d","periodStart":"2025-01-01","periodEnd":"2027-12-31",
                     "decisionDeadline":"2030-01-01T00:00:00Z","reason":"%s"}"""
                    .formatted(80_000_000_000L + random.nextInt(1_000_000_000), tag));
            return outcome(tag, "amendment", answer, FUND);
        }
        String member = MEMBERS.get(thread % MEMBERS.size());
        String user = random.nextBoolean() ? "secretariat" : "delegate-" + member;
        LedgerClient.Answer answer = client.post(user, "/api/pledges", """
                {"fundId":"%s","member":"%s","amount":"%d","currency":"EUR","year":%d,"note":"%s"}"""
                .formatted(FUND, member, 1_000 + random.nextInt(10_000_000), 2025 + random.nextInt(3), tag));
        return outcome(tag, "pledge", answer, answer.ok() ? answer.json().get("pledgeId").asText() : null);
    }

    private static Outcome outcome(String tag, String kind, LedgerClient.Answer answer, String aggregate) {
        long sequence = answer.ok() ? answer.json().get("sequence").asLong() : -1;
        String type = null;
        if (answer.status() >= 400) {
            try {
                type = answer.json().path("type").asText().replaceAll(".*/", "");
            } catch (RuntimeException notJson) {
                type = "(no problem body)";
            }
        }
        return new Outcome(tag, kind, answer.status(), sequence, aggregate, type);
    }

    private Case run(String name, LedgerClient client, Writer writer) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Random random = new Random(20261128L + 31L * t + name.hashCode());
            Thread c = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < writes; n++) {
                    outcomes.add(writer.write(client, thread, n, random));
                }
            }, "concurrency-client-" + t);
            clients.add(c);
            c.start();
        }
        long started = System.nanoTime();
        start.countDown();
        for (Thread c : clients) {
            c.join(Duration.ofMinutes(30).toMillis());
        }
        return new Case(name, new ArrayList<>(outcomes), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Compares what the clients were told with what the file holds. */
    private Map<String, Long> check(StoreFile.Contents store, List<Case> cases, String pledge, List<String> findings) {
        Map<String, Long> result = new HashMap<>();
        Map<Long, StoreFile.StoredEvent> byIndex = store.byGlobalIndex();
        Map<String, Integer> tags = new HashMap<>();
        store.events().forEach(e -> {
            Matcher m = TAG.matcher(e.payload());
            if (m.find()) {
                tags.merge(m.group(), 1, Integer::sum);
            }
        });
        for (Case c : cases) {
            String prefix = c.outcomes().get(0).tag().startsWith("op:rev") ? "rev" : "fund";
            long missing = 0;
            long unacked = 0;
            for (Outcome o : c.outcomes()) {
                if (o.acknowledged()) {
                    StoreFile.StoredEvent e = byIndex.get(o.sequence());
                    if (e == null || !e.payload().contains(o.tag()) || !e.aggregateId().equals(o.aggregate())) {
                        missing++;
                        findings.add("2xx without its event: " + o + " found " + e);
                    }
                } else if (tags.containsKey(o.tag()) && o.status() != -1) {
                    unacked++;
                    findings.add("refused but stored: " + o);
                }
            }
            long stored = tags.keySet().stream().filter(t -> t.startsWith("op:" + prefix + "-")).count();
            long twice = tags.entrySet().stream().filter(t -> t.getKey().startsWith("op:" + prefix + "-")
                    && t.getValue() > 1).count();
            if (twice > 0) {
                findings.add(prefix + ": " + twice + " writes stored more than once");
            }
            result.put(prefix + ".missing", missing);
            result.put(prefix + ".unacked", unacked);
            result.put(prefix + ".stored", stored);
            result.put(prefix + ".twice", twice);
        }
        List<Long> pledgeSequences = store.events().stream().filter(e -> e.aggregateId().equals(pledge))
                .map(StoreFile.StoredEvent::aggregateSequence).sorted().toList();
        long acknowledgedRevisions = cases.get(0).outcomes().stream().filter(Outcome::acknowledged).count();
        boolean contiguous = true;
        for (int i = 0; i < pledgeSequences.size(); i++) {
            contiguous &= pledgeSequences.get(i) == i;
        }
        if (pledgeSequences.size() != 1 + acknowledgedRevisions) {
            findings.add("the pledge has " + pledgeSequences.size() + " events, expected 1 + " + acknowledgedRevisions);
        }
        result.put("pledge.events", (long) pledgeSequences.size());
        result.put("pledge.contiguous", contiguous ? 1L : 0L);
        Map<String, List<Long>> gaps = store.aggregatesWithGaps();
        if (!gaps.isEmpty()) {
            findings.add("aggregates with sequence gaps: " + gaps.keySet());
        }
        result.put("gaps", (long) gaps.size());
        result.put("aggregates", store.events().stream().map(StoreFile.StoredEvent::aggregateId).distinct().count());
        return result;
    }

    /** Reads at now, at the valid time just before the revisions, and at the record time half-way through. */
    private ProjectionReads reads(List<JsonNode> feed, String pledge, Case oneFund, Case onePledge) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant middle = Instant.parse(feed.get(feed.size() / 2).get("recordedAt").asText());
        List<ProjectionReads.Point> points = List.of(new ProjectionReads.Point(now, now),
                new ProjectionReads.Point(now, Instant.parse("2024-04-30T23:59:59.999Z")),
                new ProjectionReads.Point(middle, middle));
        List<String> pledges = new ArrayList<>(oneFund.outcomes().stream()
                .filter(o -> o.acknowledged() && o.kind().equals("pledge")).map(Outcome::aggregate).sorted().toList());
        Collections.shuffle(pledges, new Random(7));
        List<String> sample = new ArrayList<>(List.of(pledge));
        sample.addAll(pledges.subList(0, Math.min(20, pledges.size())));
        return new ProjectionReads(points, List.of(FUND), MEMBERS, sample, false);
    }

    private static long count(Case c, java.util.function.Predicate<Outcome> which) {
        return c.outcomes().stream().filter(which).count();
    }

    private static String refusals(Case c) {
        Map<String, Long> kinds = new TreeMap<>();
        c.outcomes().stream().filter(o -> o.status() >= 400)
                .forEach(o -> kinds.merge(o.status() + " " + o.problemType(), 1L, Long::sum));
        return kinds.isEmpty() ? "" : kinds.toString();
    }
}
