package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.projection.ReferenceFold;
import org.junit.jupiter.api.Test;

/**
 * The crash run (docs/reliability.md): cycles of starting the real jar, several clients writing over HTTP,
 * {@code kill -9} at a random moment, restart. After each kill the H2 file itself, and after each restart the API,
 * must hold every write that was answered 2xx before the kill, exactly once (each client operation carries a unique
 * tag), with no gap in any aggregate's sequence, a valid hash chain, and projections that, once caught up, answer
 * exactly what a fresh rebuild answers. The last restart is also compared with the reference fold of the feed.
 *
 * <p>Run by {@code reliability/run.sh} (Maven profile {@code reliability}); not part of the normal suite. Properties:
 * {@code reliability.crash.cycles} (20), {@code .clients} (4), {@code .maxKillMillis} (6000), {@code reliability.seed},
 * {@code reliability.jar}, {@code reliability.jvmArgs}, {@code reliability.dropUrlSettings}.
 */
class CrashReliabilityRun {

    private static final Pattern TAG = Pattern.compile("op:c\\d+-t\\d+-\\d+;");
    private static final List<String> MEMBERS = List.of("DEU", "FRA", "ITA", "POL", "NLD", "ESP");
    private static final List<String> FUNDS = List.of("crash-fund-a", "crash-fund-b");
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);
    /** Added to {@code reliability.jvmArgs}: C1 only, the restarts are start-up time (about a third faster here). */
    private static final String JVM_OPTIONS = System.getProperty("reliability.crash.jvmArgs",
            "-XX:TieredStopAtLevel=1");

    private final int cycles = Integer.getInteger("reliability.crash.cycles", 20);
    private final int clients = Integer.getInteger("reliability.crash.clients", 4);
    private final long maxKillMillis = Long.getLong("reliability.crash.maxKillMillis", 6000);
    private final long seed = Long.getLong("reliability.seed", 20261128L);
    private final Duration budget = Duration.ofMinutes(Long.getLong("reliability.crash.maxMinutes", 25));
    private final Path dir = Path.of("target/reliability/crash");
    private final Path database = dir.resolve("ledger");

    enum Kind { PLEDGE, REVISION, CORRECTION, DISBURSEMENT, MEMBER }

    /** One client operation: its unique tag, what it wrote, and what the ledger answered (-1: no answer). */
    record Op(String tag, Kind kind, int cycle, String aggregate, int status, long sequence, String body) {
        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    private final List<Op> ops = new CopyOnWriteArrayList<>();
    /** Pledges acknowledged so far, per member: what the clients revise and disburse on. */
    private final Map<String, List<String>> pledges = new ConcurrentHashMap<>();

    // the figures
    private final Set<String> lostInFile = new LinkedHashSet<>();
    private final Set<String> lostInApi = new LinkedHashSet<>();
    private final Set<String> duplicated = new LinkedHashSet<>();
    private final Set<String> refusedButStored = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Long> startMillis = new ArrayList<>();
    private final List<Long> catchUpMillis = new ArrayList<>();
    private final List<Long> rebuildMillis = new ArrayList<>();
    private final List<Long> killAfterMillis = new ArrayList<>();
    private int aggregateGapFindings;
    private int chainFindings;
    private int rebuildDifferences;
    private int readsCompared;
    private int foldMismatches = -1;
    private int foldReads;
    private long storedEvents;
    private long storedHoles;
    private long unknownStored;

    @Test
    void acknowledgedWritesSurviveKillNineExactlyOnce() throws Exception {
        LedgerProcess.deleteDirectory(dir);
        String url = LedgerProcess.shippedUrl(database);
        long runStarted = System.nanoTime();
        Random random = new Random(seed);

        LedgerProcess ledger = start(url, 0);
        setUp(ledger.client());
        int done = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            if (System.nanoTime() - runStarted > budget.toNanos()) {
                problems.add("time budget " + budget + " reached after " + done + " cycles");
                break;
            }
            writeAndKill(ledger, cycle, random);
            checkFile(cycle);
            ledger = start(url, cycle);
            checkApi(ledger.client(), cycle, random, cycle == cycles);
            done = cycle;
        }
        ledger.stop();
        report(done, Duration.ofNanos(System.nanoTime() - runStarted), url);

        assertThat(lostInFile).as("acknowledged writes missing from the H2 file after kill -9").isEmpty();
        assertThat(lostInApi).as("acknowledged writes missing from the feed after restart").isEmpty();
        assertThat(duplicated).as("client operations stored more than once").isEmpty();
        assertThat(refusedButStored).as("operations answered 4xx that were stored").isEmpty();
        assertThat(ops.stream().filter(o -> o.status() >= 500).map(Op::toString).toList()).as("5xx answers").isEmpty();
        assertThat(aggregateGapFindings).as("aggregates with sequence gaps").isZero();
        assertThat(chainFindings).as("events without a chain row, or a chain that does not verify").isZero();
        assertThat(rebuildDifferences).as("reads that differ between catch-up after restart and a rebuild").isZero();
        assertThat(foldMismatches).as("reads that differ from the reference fold at the end").isZero();
        assertThat(problems).isEmpty();
    }

    private LedgerProcess start(String url, int cycle) {
        long started = System.nanoTime();
        LedgerProcess ledger = LedgerProcess.start(url, dir.resolve("logs/ledger-" + cycle + ".log"), START_LIMIT,
                JVM_OPTIONS);
        startMillis.add((System.nanoTime() - started) / 1_000_000);
        return ledger;
    }

    private void setUp(LedgerClient client) {
        for (int i = 0; i < MEMBERS.size(); i++) {
            String code = MEMBERS.get(i);
            expect(client.put("secretariat", "/api/members/" + code, """
                    {"name":"%s","costShare":"%d.5","effectiveAt":"2024-01-01T00:00:00Z"}""".formatted(code, 2 + 3 * i)),
                    201);
        }
        for (String fund : FUNDS) {
            expect(client.post("secretariat", "/api/funds", """
                    {"fundId":"%s","name":"Crash %s","targetEur":"50000000000","periodStart":"2025-01-01",
                     "periodEnd":"2027-12-31","decisionDeadline":"2024-02-01T00:00:00Z",
                     "effectiveAt":"2024-01-02T00:00:00Z"}""".formatted(fund, fund)), 201);
            expect(client.post("secretariat", "/api/funds/" + fund + "/decisions",
                    "{\"effectiveAt\":\"2024-02-01T00:00:00Z\"}"), 200);
        }
    }

    private static void expect(LedgerClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("set-up write answered " + answer);
        }
    }

    // ---------------------------------------------------------------- writing, then kill -9

    private void writeAndKill(LedgerProcess ledger, int cycle, Random random) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int thread = t;
            long threadSeed = random.nextLong();
            Thread client = new Thread(() -> write(ledger.client(), cycle, thread, new Random(threadSeed), stop),
                    "crash-client-" + t);
            threads.add(client);
        }
        threads.forEach(Thread::start);
        long killAfter = 1500 + (long) (random.nextDouble() * Math.max(0, maxKillMillis - 1500));
        Thread.sleep(killAfter);
        ledger.killHard();
        killAfterMillis.add(killAfter);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
    }

    /** One client: writes until told to stop or until the ledger stops answering. */
    private void write(LedgerClient client, int cycle, int thread, Random random, AtomicBoolean stop) {
        String member = MEMBERS.get(thread % MEMBERS.size());
        for (int n = 0; !stop.get(); n++) {
            String tag = "op:c" + cycle + "-t" + thread + "-" + n + ";";
            String user = random.nextBoolean() ? "secretariat" : "delegate-" + member;
            List<String> own = pledges.computeIfAbsent(member, k -> new CopyOnWriteArrayList<>());
            int roll = random.nextInt(100);
            Op op;
            if (own.isEmpty() || roll < 25) {
                String fund = FUNDS.get(random.nextInt(FUNDS.size()));
                boolean usd = random.nextInt(4) == 0;
                String body = """
                        {"fundId":"%s","member":"%s","amount":"%d","currency":"%s",%s"year":%d,"note":"%s"}"""
                        .formatted(fund, member, 1_000_000 + random.nextInt(90_000_000), usd ? "USD" : "EUR",
                                usd ? "\"eurRate\":\"0.9\"," : "", 2025 + random.nextInt(3), tag);
                op = record(cycle, tag, Kind.PLEDGE, null, client.post(user, "/api/pledges", body), body);
                if (op.acknowledged()) {
                    own.add(op.aggregate());
                }
            } else {
                String pledge = own.get(random.nextInt(own.size()));
                if (roll < 80) {
                    Kind kind = roll < 72 ? Kind.REVISION : Kind.CORRECTION;
                    String body = """
                            {"amount":"%d","kind":"%s","reason":"%s"}""".formatted(
                            1_000_000 + random.nextInt(90_000_000), kind, tag);
                    op = record(cycle, tag, kind, pledge,
                            client.post(user, "/api/pledges/" + pledge + "/revisions", body), body);
                } else if (roll < 95) {
                    String body = """
                            {"amount":"%d.%02d","currency":"EUR","reference":"%s"}""".formatted(
                            1 + random.nextInt(100), random.nextInt(100), tag);
                    op = record(cycle, tag, Kind.DISBURSEMENT, pledge,
                            client.post(user, "/api/pledges/" + pledge + "/disbursements", body), body);
                } else {
                    String body = """
                            {"name":"%s %s","costShare":"%d.%d"}""".formatted(member, tag, 1 + random.nextInt(20),
                            random.nextInt(10));
                    op = record(cycle, tag, Kind.MEMBER, member,
                            client.put("secretariat", "/api/members/" + member, body), body);
                }
            }
            if (op.status() == -1) {
                return; // the ledger is gone: this client's last request has an unknown outcome
            }
        }
    }

    private Op record(int cycle, String tag, Kind kind, String aggregate, LedgerClient.Answer answer, String body) {
        long sequence = -1;
        String target = aggregate;
        if (answer.ok()) {
            JsonNode json = answer.json();
            sequence = json.get("sequence").asLong();
            if (kind == Kind.PLEDGE) {
                target = json.get("pledgeId").asText();
            }
        }
        Op op = new Op(tag, kind, cycle, target, answer.status(), sequence, answer.ok() ? body : answer.body());
        ops.add(op);
        return op;
    }

    // ---------------------------------------------------------------- checks

    /** The H2 file as kill -9 left it (read from a copy): the ground truth. */
    private void checkFile(int cycle) {
        StoreFile.Contents contents = StoreFile.readCopy(database);
        Map<Long, StoreFile.StoredEvent> byIndex = contents.byGlobalIndex();
        Map<String, Integer> tags = new HashMap<>();
        contents.events().forEach(e -> tagOf(e.payload()).ifPresent(tag -> tags.merge(tag, 1, Integer::sum)));
        for (Op op : ops) {
            if (op.acknowledged()) {
                StoreFile.StoredEvent stored = byIndex.get(op.sequence());
                if (stored == null || !stored.payload().contains(op.tag())
                        || (op.aggregate() != null && !op.aggregate().equals(stored.aggregateId()))) {
                    if (lostInFile.add(op.tag())) {
                        problems.add("cycle " + cycle + ": acknowledged " + op + " is not in the file at "
                                + op.sequence() + " (found " + stored + ")");
                    }
                }
            } else if (op.status() >= 400 && op.status() < 500 && tags.containsKey(op.tag())) {
                refusedButStored.add(op.tag());
            }
        }
        tags.forEach((tag, count) -> {
            if (count > 1) {
                duplicated.add(tag);
            }
        });
        Map<String, List<Long>> gaps = contents.aggregatesWithGaps();
        if (!gaps.isEmpty()) {
            aggregateGapFindings += gaps.size();
            problems.add("cycle " + cycle + ": aggregates with sequence gaps " + abbreviate(gaps.toString()));
        }
        if (contents.eventsWithoutChainRow() != 0 || contents.chainRows() != contents.events().size()) {
            chainFindings++;
            problems.add("cycle " + cycle + ": " + contents.events().size() + " events but " + contents.chainRows()
                    + " chain rows (" + contents.eventsWithoutChainRow() + " events without)");
        }
        storedEvents = contents.events().size();
        storedHoles = contents.holes();
        unknownStored = ops.stream().filter(o -> o.status() == -1 && tags.containsKey(o.tag())).count();
    }

    /** After the restart: the feed, the chain, and projections caught up versus rebuilt. */
    private void checkApi(LedgerClient client, int cycle, Random random, boolean last) {
        catchUpMillis.add(client.awaitProjectionsAtHead(CATCH_UP_LIMIT).toMillis());
        List<JsonNode> feed = client.feed();
        Map<Long, JsonNode> bySequence = new HashMap<>();
        feed.forEach(e -> bySequence.put(e.get("sequence").asLong(), e));
        for (Op op : ops) {
            if (op.acknowledged()) {
                JsonNode event = bySequence.get(op.sequence());
                if (event == null || !event.get("payload").toString().contains(op.tag())) {
                    if (lostInApi.add(op.tag())) {
                        problems.add("cycle " + cycle + ": acknowledged " + op + " is not in the feed at "
                                + op.sequence());
                    }
                }
            }
        }
        Map<String, Integer> tags = new HashMap<>();
        feed.forEach(e -> tagOf(e.get("payload").toString()).ifPresent(tag -> tags.merge(tag, 1, Integer::sum)));
        tags.forEach((tag, count) -> {
            if (count > 1) {
                duplicated.add(tag);
            }
        });
        JsonNode verified = client.read("auditor", "/api/audit/verify");
        if (!verified.get("valid").asBoolean() || verified.get("events").asLong() != feed.size()) {
            chainFindings++;
            problems.add("cycle " + cycle + ": verification after restart " + verified);
        }

        ProjectionReads reads = reads(feed, random);
        Map<String, String> caughtUp = reads.take(client);
        rebuildMillis.add(client.rebuild(CATCH_UP_LIMIT).toMillis());
        Map<String, String> rebuilt = reads.take(client);
        readsCompared += reads.size();
        List<String> differences = ProjectionReads.differences(caughtUp, rebuilt, 5);
        if (!differences.isEmpty()) {
            rebuildDifferences += differences.size();
            problems.add("cycle " + cycle + ": catch-up and rebuild differ:\n  " + String.join("\n  ", differences));
        }
        for (Map.Entry<String, String> answer : rebuilt.entrySet()) {
            if (!answer.getValue().startsWith("200 ") && !answer.getValue().startsWith("404 ")) {
                problems.add("cycle " + cycle + ": read answered " + answer);
            }
        }
        if (last) {
            List<String> details = new ArrayList<>();
            foldMismatches = reads.compareWithFold(rebuilt, ReferenceFold.ofFeed(feed), details);
            foldReads = reads.size();
            details.forEach(d -> problems.add("fold mismatch: " + d));
        }
    }

    /** Reads at three points (now, a valid time in the past, a record time in the middle), 30 pledges. */
    private ProjectionReads reads(List<JsonNode> feed, Random random) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant middle = Instant.parse(feed.get(feed.size() / 2).get("recordedAt").asText());
        List<ProjectionReads.Point> points = List.of(new ProjectionReads.Point(now, now),
                new ProjectionReads.Point(now, Instant.parse("2024-06-01T00:00:00Z")),
                new ProjectionReads.Point(middle, middle));
        List<String> all = new ArrayList<>();
        pledges.values().forEach(all::addAll);
        Collections.sort(all);
        Collections.shuffle(all, random);
        return new ProjectionReads(points, FUNDS, MEMBERS, all.subList(0, Math.min(30, all.size())));
    }

    private static java.util.Optional<String> tagOf(String payload) {
        Matcher m = TAG.matcher(payload);
        return m.find() ? java.util.Optional.of(m.group()) : java.util.Optional.empty();
    }

    // ---------------------------------------------------------------- the report

    private void report(int done, Duration took, String url) {
        long attempted = ops.size();
        long acknowledged = ops.stream().filter(Op::acknowledged).count();
        long refused = ops.stream().filter(o -> o.status() >= 400 && o.status() < 500).count();
        long fiveXx = ops.stream().filter(o -> o.status() >= 500).count();
        long unknown = ops.stream().filter(o -> o.status() == -1).count();
        Map<Integer, Long> refusals = new TreeMap<>();
        ops.stream().filter(o -> o.status() >= 400).forEach(o -> refusals.merge(o.status(), 1L, Long::sum));
        RunReport report = new RunReport("Crash: kill -9 while " + clients + " clients write");
        report.line("Command: `./reliability/run.sh` (crash part: `mvn -B -o -Preliability test "
                        + "-Dtest=CrashReliabilityRun -Dreliability.crash.cycles=%d`), seed %d, jar `%s`, JVM options `%s`",
                cycles, seed, LedgerProcess.jar(), System.getProperty("reliability.jvmArgs", "-Xmx512m") + " "
                        + JVM_OPTIONS);
        report.line("").line("Datasource URL (shipped settings, own file): `%s`", url).line("");
        report.row("cycles", "writes sent", "acknowledged (2xx)", "refused (4xx)", "5xx", "no answer (killed)",
                "of those stored", "events stored", "lost (file)", "lost (API)", "duplicated", "4xx but stored",
                "aggregate gaps", "chain", "reads: catch-up ≠ rebuild", "reads ≠ fold");
        report.row("---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---",
                "---", "---");
        report.row(done, attempted, acknowledged, refused + " " + refusals, fiveXx, unknown, unknownStored,
                storedEvents + " (" + storedHoles + " unused global indexes)", lostInFile.size(), lostInApi.size(),
                duplicated.size(), refusedButStored.size(), aggregateGapFindings,
                chainFindings == 0 ? "valid" : chainFindings + " findings",
                rebuildDifferences + " of " + readsCompared, foldMismatches + " of " + foldReads);
        report.line("").line("Kill after %s of writing; start-up to healthy %s; catch-up after restart %s; "
                        + "rebuild %s (min / median / max). Whole run %d s.", RunReport.spread(killAfterMillis),
                RunReport.spread(startMillis), RunReport.spread(catchUpMillis), RunReport.spread(rebuildMillis),
                took.toSeconds());
        Map<Kind, Long> kinds = new TreeMap<>();
        ops.stream().filter(Op::acknowledged).forEach(o -> kinds.merge(o.kind(), 1L, Long::sum));
        report.line("Acknowledged by kind: %s.", kinds);
        if (!problems.isEmpty()) {
            report.line("").line("Findings (first 20):").line("```");
            problems.stream().limit(20).forEach(p -> report.line("%s", abbreviate(p)));
            report.line("```");
        }
        report.write();
    }

    private static String abbreviate(String text) {
        return text.length() > 1500 ? text.substring(0, 1500) + "…" : text;
    }
}
