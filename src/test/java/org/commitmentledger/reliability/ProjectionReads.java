package org.commitmentledger.reliability;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.projection.ReferenceFold;

/**
 * A fixed set of projection reads (members, funds, one fund, its fair shares, rounds, every member's position, its
 * timeline, pledges) at named (asOf, effectiveAt) points, with what {@link ReferenceFold} says each must answer. The
 * points are always named, so the answers do not depend on when they are read.
 */
final class ProjectionReads {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One read and the reference answer of it (empty: 404). */
    record Read(String path, Function<ReferenceFold, Optional<ObjectNode>> reference) {
    }

    /** A point in time to read at. */
    record Point(Instant asOf, Instant effectiveAt) {
        String query() {
            return "asOf=" + INSTANT.format(asOf) + "&effectiveAt=" + INSTANT.format(effectiveAt);
        }
    }

    private final List<Read> reads = new ArrayList<>();

    ProjectionReads(List<Point> points, List<String> funds, List<String> members, List<String> pledges) {
        this(points, funds, members, pledges, true);
    }

    /**
     * {@code withTimelines} false leaves out the funds' timelines: the fold answers one by evaluating each pledge at
     * each of its events, from its whole history every time, so a pledge revised thousands of times makes it
     * quadratic.
     */
    ProjectionReads(List<Point> points, List<String> funds, List<String> members, List<String> pledges,
                    boolean withTimelines) {
        for (Point at : points) {
            String q = "?" + at.query();
            Instant asOf = at.asOf();
            Instant effectiveAt = at.effectiveAt();
            reads.add(new Read("/api/members" + q, fold -> Optional.of(fold.members(asOf, effectiveAt))));
            reads.add(new Read("/api/funds" + q, fold -> Optional.of(fold.funds(asOf, effectiveAt))));
            for (String fund : funds) {
                String base = "/api/funds/" + fund;
                reads.add(new Read(base + q, fold -> fold.fund(fund, asOf, effectiveAt)));
                reads.add(new Read(base + "/fair-shares" + q, fold -> fold.fairShares(fund, asOf, effectiveAt)));
                reads.add(new Read(base + "/rounds" + q, fold -> fold.rounds(fund, asOf, effectiveAt)));
                for (String member : members) {
                    reads.add(new Read(base + "/members/" + member + q,
                            fold -> fold.position(fund, member, asOf, effectiveAt)));
                }
            }
            for (String pledge : pledges) {
                reads.add(new Read("/api/pledges/" + pledge + q, fold -> fold.pledge(pledge, asOf, effectiveAt)));
            }
        }
        for (String fund : withTimelines ? funds : List.<String>of()) {
            for (Point at : points) {
                Instant asOf = at.asOf();
                reads.add(new Read("/api/funds/" + fund + "/timeline?asOf=" + INSTANT.format(asOf),
                        fold -> fold.timeline(fund, asOf)));
            }
        }
    }

    int size() {
        return reads.size();
    }

    /** Every read's answer as "status body" (bodies normalised: a position's pledges by pledgeId). */
    Map<String, String> take(LedgerClient client) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (Read read : reads) {
            LedgerClient.Answer answer = client.get("auditor", read.path());
            answers.put(read.path(), answer.status() + " " + (answer.status() == 200
                    ? ReferenceFold.normalized(answer.json()).toString() : answer.body()));
        }
        return answers;
    }

    /** Paths whose answers differ between two takes, with both answers (at most {@code limit}). */
    static List<String> differences(Map<String, String> one, Map<String, String> other, int limit) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : one.entrySet()) {
            String second = other.get(entry.getKey());
            if (!entry.getValue().equals(second)) {
                differences.add(entry.getKey() + "\n    first:  " + abbreviated(entry.getValue())
                        + "\n    second: " + abbreviated(second));
            }
        }
        return differences.subList(0, Math.min(limit, differences.size()));
    }

    /** Count of answers in a take that differ from the fold's, with the first few described in {@code details}. */
    int compareWithFold(Map<String, String> answers, ReferenceFold fold, List<String> details) {
        int mismatches = 0;
        for (Read read : reads) {
            String actual = answers.get(read.path());
            Optional<ObjectNode> expected = read.reference().apply(fold);
            boolean same;
            if (expected.isEmpty()) {
                same = actual.startsWith("404 ");
            } else {
                same = actual.startsWith("200 ") && reparsed(expected.get()).equals(parse(actual.substring(4)));
            }
            if (!same) {
                mismatches++;
                if (details.size() < 10) {
                    details.add(read.path() + "\n    fold: " + abbreviated(expected.map(Object::toString)
                            .orElse("404")) + "\n    api:  " + abbreviated(actual));
                }
            }
        }
        return mismatches;
    }

    private static JsonNode reparsed(ObjectNode node) {
        return parse(node.toString());
    }

    private static JsonNode parse(String text) {
        try {
            return LedgerClient.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviated(String text) {
        return text == null ? "(none)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
