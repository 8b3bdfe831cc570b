package org.commitmentledger.projection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The slow path, the canonical check of the projections (ADR 0005): it answers every read of the API by folding the
 * stored events themselves, as the feed shows them, up to ({@code asOf}, {@code effectiveAt}). Written from the
 * contract (shared/API.md) alone: it shares no code with the production read side, keeps no tables, and recomputes
 * what the events imply (round numbers, outcomes, EUR values, the figure a correction replaces), failing loudly when
 * an event's own fields disagree with that.
 *
 * <p>Every answer is the whole JSON body the API must give, header included; an empty Optional means 404. Public for
 * the reliability runs (package {@code reliability}), which compare a ledger's final state with it.
 */
public final class ReferenceFold {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One stored event as the feed shows it. */
    record Event(long sequence, String type, Instant recordedAt, Instant effectiveAt, JsonNode payload) {

        static Event of(JsonNode entry) {
            return new Event(entry.get("sequence").asLong(), entry.get("type").asText(),
                    Instant.parse(entry.get("recordedAt").asText()),
                    entry.hasNonNull("effectiveAt") ? Instant.parse(entry.get("effectiveAt").asText()) : null,
                    entry.get("payload"));
        }

        String text(String field) {
            JsonNode value = payload.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        BigDecimal decimal(String field) {
            return new BigDecimal(payload.get(field).asText());
        }

        Instant instant(String field) {
            String value = text(field);
            return value == null ? null : Instant.parse(value);
        }

        boolean knownBy(Instant asOf) {
            return !recordedAt.isAfter(asOf);
        }
    }

    private static final java.util.Set<String> FUND_AND_PLEDGE_TYPES = java.util.Set.of("FundProposed",
            "FundAmended", "ObjectionRaised", "ObjectionWithdrawn", "MemberOptedOut", "DecisionRoundConcluded",
            "PledgeMade", "PledgeRevised", "PledgeWithdrawn", "PledgeDisbursed");

    private final List<Event> all = new ArrayList<>();
    private final Map<String, List<Event>> ofMember = new TreeMap<>();
    private final Map<String, List<Event>> ofFund = new TreeMap<>();
    private final Map<String, List<Event>> ofPledge = new LinkedHashMap<>();
    private final Map<String, List<String>> pledgesOfFund = new HashMap<>();

    ReferenceFold(List<Event> events) {
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(Event::sequence));
        for (Event e : ordered) {
            all.add(e);
            switch (e.type()) {
                case "MemberRegistered", "MemberRevised" ->
                        ofMember.computeIfAbsent(e.text("code"), k -> new ArrayList<>()).add(e);
                case "FundProposed", "FundAmended", "ObjectionRaised", "ObjectionWithdrawn", "MemberOptedOut",
                     "DecisionRoundConcluded" -> ofFund.computeIfAbsent(e.text("fundId"), k -> new ArrayList<>()).add(e);
                case "PledgeMade", "PledgeRevised", "PledgeWithdrawn", "PledgeDisbursed" -> {
                    String pledgeId = e.text("pledgeId");
                    if (!ofPledge.containsKey(pledgeId)) {
                        pledgesOfFund.computeIfAbsent(e.text("fundId"), k -> new ArrayList<>()).add(pledgeId);
                    }
                    ofPledge.computeIfAbsent(pledgeId, k -> new ArrayList<>()).add(e);
                }
                default -> {
                    // other events (none today) count for lastSequence only
                }
            }
        }
    }

    public static ReferenceFold ofFeed(List<JsonNode> entries) {
        return new ReferenceFold(entries.stream().map(Event::of).toList());
    }

    // ---------------------------------------------------------------- answers

    public ObjectNode members(Instant asOf, Instant effectiveAt) {
        ObjectNode answer = header(asOf, effectiveAt);
        ArrayNode list = answer.putArray("members");
        for (String code : ofMember.keySet()) {
            memberAt(code, asOf, effectiveAt).ifPresent(m -> list.add(m.json()));
        }
        return answer;
    }

    public Optional<ObjectNode> member(String code, Instant asOf, Instant effectiveAt) {
        return memberAt(code, asOf, effectiveAt).map(m -> {
            ObjectNode answer = header(asOf, effectiveAt);
            answer.setAll(m.json());
            return answer;
        });
    }

    public ObjectNode funds(Instant asOf, Instant effectiveAt) {
        ObjectNode answer = header(asOf, effectiveAt);
        ArrayNode list = answer.putArray("funds");
        for (String fundId : ofFund.keySet()) {
            fundAt(fundId, asOf, effectiveAt).ifPresent(fund -> {
                Totals totals = totals(fundId, asOf, effectiveAt);
                Round terms = fund.terms();
                ObjectNode summary = list.addObject();
                summary.put("fundId", fundId);
                summary.put("name", fund.name);
                summary.put("status", fund.status());
                summary.put("targetEur", money(terms.target));
                summary.put("pledgedEur", money(totals.pledged));
                summary.put("disbursedEur", money(totals.disbursed));
                summary.put("gapEur", money(terms.target.subtract(totals.pledged)));
            });
        }
        return answer;
    }

    public Optional<ObjectNode> fund(String fundId, Instant asOf, Instant effectiveAt) {
        return fundAt(fundId, asOf, effectiveAt).map(fund -> {
            Totals totals = totals(fundId, asOf, effectiveAt);
            Round terms = fund.terms();
            ObjectNode answer = header(asOf, effectiveAt);
            answer.put("fundId", fundId);
            answer.put("name", fund.name);
            answer.put("status", fund.status());
            answer.put("round", terms.number);
            answer.put("targetEur", money(terms.target));
            answer.put("periodStart", terms.periodStart);
            answer.put("periodEnd", terms.periodEnd);
            Round open = fund.open();
            if (open == null) {
                answer.putNull("openRound");
            } else {
                ObjectNode round = answer.putObject("openRound");
                round.put("round", open.number);
                round.put("targetEur", money(open.target));
                round.put("periodStart", open.periodStart);
                round.put("periodEnd", open.periodEnd);
                round.put("decisionDeadline", instant(open.deadline));
                strings(round.putArray("standingObjections"), open.standing());
            }
            strings(answer.putArray("optOuts"), fund.optOuts);
            answer.put("pledgedEur", money(totals.pledged));
            answer.put("disbursedEur", money(totals.disbursed));
            answer.put("gapEur", money(terms.target.subtract(totals.pledged)));
            byKind(answer, totals.byKind);
            return answer;
        });
    }

    public Optional<ObjectNode> fairShares(String fundId, Instant asOf, Instant effectiveAt) {
        return fundAt(fundId, asOf, effectiveAt).map(fund -> {
            ObjectNode answer = header(asOf, effectiveAt);
            BigDecimal target = fund.terms().target;
            answer.put("fundId", fundId);
            answer.put("targetEur", money(target));
            List<Member> participants = participants(fund, asOf, effectiveAt);
            BigDecimal sum = participants.stream().map(m -> m.costShare).reduce(BigDecimal.ZERO, BigDecimal::add);
            ArrayNode rows = answer.putArray("rows");
            for (Member m : participants) {
                BigDecimal fair = target.multiply(m.costShare).divide(sum, 2, RoundingMode.HALF_EVEN);
                BigDecimal pledged = ownPledges(fundId, m.code, asOf, effectiveAt).stream()
                        .filter(p -> p.active).map(p -> p.figure.eur).reduce(BigDecimal.ZERO, BigDecimal::add);
                ObjectNode row = rows.addObject();
                row.put("member", m.code);
                row.put("costShare", plain(m.costShare));
                row.put("normalizedShare", m.costShare.divide(sum, 6, RoundingMode.HALF_EVEN).toPlainString());
                row.put("fairShareEur", money(fair));
                row.put("pledgedEur", money(pledged));
                Map<String, BigDecimal> kinds = new java.util.LinkedHashMap<>();
                ownPledges(fundId, m.code, asOf, effectiveAt).stream().filter(p -> p.active)
                        .forEach(p -> kinds.merge(p.kind, p.figure.eur, BigDecimal::add));
                byKind(row, kinds);
                if (fair.signum() == 0) {
                    row.putNull("ratio");
                } else {
                    row.put("ratio", pledged.divide(fair, 4, RoundingMode.HALF_EVEN).toPlainString());
                }
                row.put("optedOut", false);
            }
            // every euro of the fund's total in one row: members with pledges in force outside the base follow
            java.util.Set<String> outside = new java.util.TreeSet<>();
            for (String pledgeId : pledgesOfFund.getOrDefault(fundId, List.of())) {
                pledgeAt(pledgeId, asOf, effectiveAt).ifPresent(p -> outside.add(p.member));
            }
            participants.forEach(m -> outside.remove(m.code));
            for (String code : outside) {
                BigDecimal pledged = ownPledges(fundId, code, asOf, effectiveAt).stream()
                        .filter(p -> p.active).map(p -> p.figure.eur).reduce(BigDecimal.ZERO, BigDecimal::add);
                ObjectNode row = rows.addObject();
                row.put("member", code);
                Optional<Member> member = memberAt(code, asOf, effectiveAt);
                if (member.isPresent()) {
                    row.put("costShare", plain(member.get().costShare));
                } else {
                    row.putNull("costShare");
                }
                row.putNull("normalizedShare");
                row.putNull("fairShareEur");
                row.put("pledgedEur", money(pledged));
                Map<String, BigDecimal> kinds = new java.util.LinkedHashMap<>();
                ownPledges(fundId, code, asOf, effectiveAt).stream().filter(p -> p.active)
                        .forEach(p -> kinds.merge(p.kind, p.figure.eur, BigDecimal::add));
                byKind(row, kinds);
                row.putNull("ratio");
                row.put("optedOut", fund.optOuts.contains(code));
            }
            return answer;
        });
    }

    /** The position's {@code pledges} are sorted by pledgeId here: the contract gives them no order. */
    public Optional<ObjectNode> position(String fundId, String code, Instant asOf, Instant effectiveAt) {
        Optional<Fund> found = fundAt(fundId, asOf, effectiveAt);
        Optional<Member> member = memberAt(code, asOf, effectiveAt);
        if (found.isEmpty() || member.isEmpty()) {
            return Optional.empty();
        }
        Fund fund = found.get();
        List<PledgeState> own = ownPledges(fundId, code, asOf, effectiveAt);
        boolean optedOut = fund.optOuts.contains(code);
        ObjectNode answer = header(asOf, effectiveAt);
        answer.put("fundId", fundId);
        answer.put("member", code);
        answer.put("pledgedEur", money(own.stream().filter(p -> p.active).map(p -> p.figure.eur)
                .reduce(BigDecimal.ZERO, BigDecimal::add)));
        answer.put("disbursedEur", money(own.stream().map(p -> p.disbursed).reduce(BigDecimal.ZERO, BigDecimal::add)));
        if (optedOut) {
            answer.putNull("fairShareEur");
        } else {
            BigDecimal sum = participants(fund, asOf, effectiveAt).stream().map(m -> m.costShare)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            answer.put("fairShareEur", money(fund.terms().target.multiply(member.get().costShare)
                    .divide(sum, 2, RoundingMode.HALF_EVEN)));
        }
        Round open = fund.open();
        answer.put("objecting", open != null && open.standing().contains(code));
        answer.put("optedOut", optedOut);
        ArrayNode pledges = answer.putArray("pledges");
        own.stream().sorted(Comparator.comparing(p -> p.pledgeId)).forEach(p -> pledges.add(p.json()));
        return Optional.of(answer);
    }

    public Optional<ObjectNode> rounds(String fundId, Instant asOf, Instant effectiveAt) {
        return fundAt(fundId, asOf, effectiveAt).map(fund -> {
            ObjectNode answer = header(asOf, effectiveAt);
            answer.put("fundId", fundId);
            ArrayNode rounds = answer.putArray("rounds");
            for (Round r : fund.rounds) {
                ObjectNode round = rounds.addObject();
                round.put("round", r.number);
                round.put("targetEur", money(r.target));
                round.put("periodStart", r.periodStart);
                round.put("periodEnd", r.periodEnd);
                round.put("decisionDeadline", instant(r.deadline));
                round.put("outcome", r.outcome);
                strings(round.putArray("standingObjections"), r.standing());
                ArrayNode objections = round.putArray("objections");
                for (Objection o : r.objections) {
                    ObjectNode objection = objections.addObject();
                    objection.put("member", o.member);
                    objection.put("reason", o.reason);
                    objection.put("effectiveAt", instant(o.effectiveAt));
                    objection.put("withdrawnAt", instant(o.withdrawnAt));
                }
            }
            return answer;
        });
    }

    public Optional<ObjectNode> pledge(String pledgeId, Instant asOf, Instant effectiveAt) {
        return pledgeAt(pledgeId, asOf, effectiveAt).map(p -> {
            ObjectNode answer = header(asOf, effectiveAt);
            answer.setAll(p.json());
            return answer;
        });
    }

    /** The fund's and its pledges' events recorded by asOf in effective-time order, each with the state then. */
    public Optional<ObjectNode> timeline(String fundId, Instant asOf) {
        if (fundAt(fundId, asOf, asOf).isEmpty()) {
            return Optional.empty();
        }
        List<Event> history = new ArrayList<>();
        for (Event e : all) {
            if (FUND_AND_PLEDGE_TYPES.contains(e.type()) && fundId.equals(e.text("fundId")) && e.knownBy(asOf)) {
                history.add(e);
            }
        }
        // a CORRECTION acts where the figure it replaced took effect, until the next figure known when it was recorded
        Map<Long, Instant[]> corrected = new HashMap<>();
        for (Event e : history) {
            if ("PledgeRevised".equals(e.type()) && "CORRECTION".equals(e.text("kind"))) {
                Instant from = e.instant("correctsFigureFrom");
                Instant to = null;
                for (Event earlier : ofPledge.get(e.text("pledgeId"))) {
                    boolean starts = "PledgeMade".equals(earlier.type()) || "REVISION".equals(earlier.text("kind"));
                    if (earlier.sequence() < e.sequence() && starts && earlier.effectiveAt().isAfter(from)
                            && (to == null || earlier.effectiveAt().isBefore(to))) {
                        to = earlier.effectiveAt();
                    }
                }
                corrected.put(e.sequence(), new Instant[] {from, to});
            }
        }
        java.util.function.Function<Event, Instant> placed = e -> corrected.containsKey(e.sequence())
                ? corrected.get(e.sequence())[0] : e.effectiveAt();
        history.sort(Comparator.comparing(placed).thenComparingLong(Event::sequence));
        ObjectNode answer = header(asOf, asOf);
        answer.put("fundId", fundId);
        ArrayNode points = answer.putArray("points");
        NavigableMap<Instant, BigDecimal[]> sums = totalsOverValidTime(fundId, asOf);
        for (Event e : history) {
            Instant at = placed.apply(e);
            Optional<Fund> fund = fundAt(fundId, asOf, at);
            if (fund.isEmpty()) {
                throw new AssertionError("event " + e.sequence() + " of fund " + fundId + " lies before the fund");
            }
            Map.Entry<Instant, BigDecimal[]> sum = sums.floorEntry(at);
            Totals totals = sum == null ? new Totals(BigDecimal.ZERO, BigDecimal.ZERO, Map.of())
                    : new Totals(sum.getValue()[0], sum.getValue()[1], Map.of());
            ObjectNode point = points.addObject();
            point.put("effectiveAt", instant(at));
            if (corrected.containsKey(e.sequence())) {
                point.put("correctsFigureFrom", instant(corrected.get(e.sequence())[0]));
                Instant to = corrected.get(e.sequence())[1];
                if (to == null) {
                    point.putNull("correctsFigureTo");
                } else {
                    point.put("correctsFigureTo", instant(to));
                }
                point.put("recordedAt", instant(e.recordedAt()));
            }
            point.put("sequence", e.sequence());
            point.put("type", e.type());
            if ("PledgeRevised".equals(e.type())) {
                point.put("kind", e.text("kind"));
            }
            if (e.text("member") != null) {
                point.put("member", e.text("member"));
            }
            point.put("status", fund.get().status());
            point.put("targetEur", money(fund.get().terms().target));
            point.put("pledgedEur", money(totals.pledged));
            point.put("disbursedEur", money(totals.disbursed));
        }
        return Optional.of(answer);
    }

    /**
     * {@link #totals}'s pledged and disbursed sums at asOf for every valid time, as a step function: the fund's totals
     * from each key on. A pledge as {@link #pledgeAt} defines it can change only where one of its events takes
     * effect (every valid-time comparison it makes is with such an instant), so it is evaluated there alone, and its
     * changes are added up. A timeline then costs its pledges' events, not its points times its pledges.
     */
    private NavigableMap<Instant, BigDecimal[]> totalsOverValidTime(String fundId, Instant asOf) {
        TreeMap<Instant, BigDecimal[]> changes = new TreeMap<>();
        for (String pledgeId : pledgesOfFund.getOrDefault(fundId, List.of())) {
            TreeSet<Instant> steps = new TreeSet<>();
            ofPledge.get(pledgeId).stream().filter(e -> e.knownBy(asOf)).forEach(e -> steps.add(e.effectiveAt()));
            BigDecimal pledged = BigDecimal.ZERO;
            BigDecimal disbursed = BigDecimal.ZERO;
            for (Instant step : steps) {
                Optional<PledgeState> p = pledgeAt(pledgeId, asOf, step);
                BigDecimal nowPledged = p.filter(PledgeState::active).map(s -> s.figure().eur()).orElse(BigDecimal.ZERO);
                BigDecimal nowDisbursed = p.map(PledgeState::disbursed).orElse(BigDecimal.ZERO);
                BigDecimal[] change = changes.computeIfAbsent(step, k -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                change[0] = change[0].add(nowPledged.subtract(pledged));
                change[1] = change[1].add(nowDisbursed.subtract(disbursed));
                pledged = nowPledged;
                disbursed = nowDisbursed;
            }
        }
        BigDecimal pledged = BigDecimal.ZERO;
        BigDecimal disbursed = BigDecimal.ZERO;
        for (BigDecimal[] change : changes.values()) {
            pledged = pledged.add(change[0]);
            disbursed = disbursed.add(change[1]);
            change[0] = pledged;
            change[1] = disbursed;
        }
        return changes;
    }

    long lastSequence(Instant asOf) {
        return all.stream().filter(e -> e.knownBy(asOf)).mapToLong(Event::sequence).max().orElse(0);
    }

    // ---------------------------------------------------------------- members

    private record Member(String code, String name, BigDecimal costShare) {
        ObjectNode json() {
            ObjectNode json = JSON.createObjectNode();
            json.put("code", code);
            json.put("name", name);
            json.put("costShare", plain(costShare));
            return json;
        }
    }

    /** The member's registration or revision with the latest effectiveAt by then, among those recorded by asOf. */
    private Optional<Member> memberAt(String code, Instant asOf, Instant effectiveAt) {
        return ofMember.getOrDefault(code, List.of()).stream()
                .filter(e -> e.knownBy(asOf) && !e.effectiveAt().isAfter(effectiveAt))
                .max(Comparator.comparing(Event::effectiveAt).thenComparingLong(Event::sequence))
                .map(e -> new Member(code, e.text("name"), e.decimal("costShare")));
    }

    private List<Member> participants(Fund fund, Instant asOf, Instant effectiveAt) {
        List<Member> participants = new ArrayList<>();
        for (String code : ofMember.keySet()) {
            if (!fund.optOuts.contains(code)) {
                memberAt(code, asOf, effectiveAt).ifPresent(participants::add);
            }
        }
        return participants;
    }

    // ---------------------------------------------------------------- funds

    private static final class Objection {
        String member;
        String reason;
        Instant effectiveAt;
        Instant withdrawnAt;
    }

    private static final class Round {
        int number;
        BigDecimal target;
        String periodStart;
        String periodEnd;
        Instant deadline;
        String outcome = "OPEN";
        final List<Objection> objections = new ArrayList<>();

        TreeSet<String> standing() {
            TreeSet<String> standing = new TreeSet<>();
            objections.stream().filter(o -> o.withdrawnAt == null).forEach(o -> standing.add(o.member));
            return standing;
        }
    }

    private static final class Fund {
        String name;
        final List<Round> rounds = new ArrayList<>();
        final TreeSet<String> optOuts = new TreeSet<>();

        Round open() {
            return rounds.stream().filter(r -> r.outcome.equals("OPEN")).findFirst().orElse(null);
        }

        String status() {
            if (rounds.stream().anyMatch(r -> r.outcome.equals("ADOPTED"))) {
                return "ADOPTED";
            }
            return open() != null ? "PROPOSED" : "BLOCKED";
        }

        /** The newest adopted round; before any adoption the newest round. */
        Round terms() {
            Round adopted = null;
            for (Round r : rounds) {
                if (r.outcome.equals("ADOPTED") && (adopted == null || r.number > adopted.number)) {
                    adopted = r;
                }
            }
            return adopted != null ? adopted : rounds.get(rounds.size() - 1);
        }
    }

    /** The fund's own events recorded by asOf and effective by effectiveAt, applied in valid-time order. */
    private Optional<Fund> fundAt(String fundId, Instant asOf, Instant effectiveAt) {
        List<Event> known = ofFund.getOrDefault(fundId, List.of()).stream()
                .filter(e -> e.knownBy(asOf) && !e.effectiveAt().isAfter(effectiveAt))
                .sorted(Comparator.comparing(Event::effectiveAt).thenComparingLong(Event::sequence)).toList();
        if (known.isEmpty() || !known.get(0).type().equals("FundProposed")) {
            return Optional.empty();
        }
        Fund fund = new Fund();
        for (Event e : known) {
            Round open = fund.open();
            switch (e.type()) {
                case "FundProposed" -> {
                    fund.name = e.text("name");
                    fund.rounds.add(round(e, 1));
                }
                case "FundAmended" -> {
                    if (open != null) {
                        open.outcome = "SUPERSEDED";
                    }
                    expect(e, "supersededRound", open == null ? null : String.valueOf(open.number));
                    fund.rounds.add(round(e, fund.rounds.size() + 1));
                }
                case "ObjectionRaised" -> {
                    requireOpen(e, open);
                    Objection objection = new Objection();
                    objection.member = e.text("member");
                    objection.reason = e.text("reason");
                    objection.effectiveAt = e.effectiveAt();
                    open.objections.add(objection);
                }
                case "ObjectionWithdrawn" -> {
                    requireOpen(e, open);
                    open.objections.stream().filter(o -> o.member.equals(e.text("member")) && o.withdrawnAt == null)
                            .findFirst().orElseThrow(() -> new AssertionError("event " + e.sequence()
                                    + " withdraws an objection that does not stand"))
                            .withdrawnAt = e.effectiveAt();
                }
                case "MemberOptedOut" -> fund.optOuts.add(e.text("member"));
                case "DecisionRoundConcluded" -> {
                    requireOpen(e, open);
                    open.outcome = open.standing().isEmpty() ? "ADOPTED" : "BLOCKED";
                    expect(e, "outcome", open.outcome);
                }
                default -> throw new AssertionError("not a fund event: " + e.type());
            }
        }
        return Optional.of(fund);
    }

    private static Round round(Event e, int number) {
        expect(e, "round", String.valueOf(number));
        Round round = new Round();
        round.number = number;
        round.target = e.decimal("targetEur");
        round.periodStart = e.text("periodStart");
        round.periodEnd = e.text("periodEnd");
        round.deadline = e.instant("decisionDeadline");
        return round;
    }

    private static void requireOpen(Event e, Round open) {
        if (open == null) {
            throw new AssertionError("event " + e.sequence() + " (" + e.type() + ") needs an open round");
        }
        expect(e, "round", String.valueOf(open.number));
    }

    // ---------------------------------------------------------------- pledges

    private record Figure(Instant validFrom, BigDecimal amount, String currency, BigDecimal rate, BigDecimal eur) {
    }

    /** {@code kind} as recorded, MONEY for a pledge recorded before kinds existed (its payload has none). */
    private record PledgeState(String pledgeId, String fundId, String member, int year, Figure figure,
                               BigDecimal disbursed, boolean active, String kind, String description) {
        ObjectNode json() {
            ObjectNode json = JSON.createObjectNode();
            json.put("pledgeId", pledgeId);
            json.put("fundId", fundId);
            json.put("member", member);
            json.put("year", year);
            json.put("amount", money(figure.amount));
            json.put("currency", figure.currency);
            json.put("eurRate", plain(figure.rate));
            json.put("eurAmount", money(figure.eur));
            json.put("disbursedEur", money(disbursed));
            json.put("status", active ? "ACTIVE" : "WITHDRAWN");
            json.put("kind", kind);
            if (description != null) {
                json.put("description", description);
            }
            return json;
        }
    }

    /**
     * The pledge's figures as known at asOf, in record order: each REVISION adds one from its effectiveAt, each
     * CORRECTION replaces the figure in force at its own effectiveAt (as known when it was recorded). The figure in
     * force at effectiveAt is the one that took effect last by then.
     */
    private Optional<PledgeState> pledgeAt(String pledgeId, Instant asOf, Instant effectiveAt) {
        List<Event> known = ofPledge.getOrDefault(pledgeId, List.of()).stream().filter(e -> e.knownBy(asOf))
                .toList();
        if (known.isEmpty() || known.get(0).effectiveAt().isAfter(effectiveAt)) {
            return Optional.empty();
        }
        Event made = known.get(0);
        List<Figure> figures = new ArrayList<>();
        BigDecimal disbursed = BigDecimal.ZERO;
        boolean active = true;
        for (Event e : known) {
            switch (e.type()) {
                case "PledgeMade" -> figures.add(figure(e, e.effectiveAt()));
                case "PledgeRevised" -> {
                    if ("REVISION".equals(e.text("kind"))) {
                        figures.add(figure(e, e.effectiveAt()));
                    } else {
                        int corrected = inForce(figures, e.effectiveAt());
                        if (corrected < 0) {
                            throw new AssertionError("correction " + e.sequence() + " finds no figure in force");
                        }
                        Instant from = figures.get(corrected).validFrom();
                        expect(e, "correctsFigureFrom", instant(from));
                        figures.set(corrected, figure(e, from));
                    }
                }
                case "PledgeWithdrawn" -> active &= e.effectiveAt().isAfter(effectiveAt);
                case "PledgeDisbursed" -> {
                    BigDecimal eur = eur(e);
                    if (!e.effectiveAt().isAfter(effectiveAt)) {
                        disbursed = disbursed.add(eur);
                    }
                }
                default -> throw new AssertionError("not a pledge event: " + e.type());
            }
        }
        Figure figure = figures.get(inForce(figures, effectiveAt));
        return Optional.of(new PledgeState(pledgeId, made.text("fundId"), made.text("member"),
                made.payload().get("year").asInt(), figure, disbursed, active,
                made.text("kind") == null ? "MONEY" : made.text("kind"), made.text("description")));
    }

    /** Index of the figure that took effect last by {@code t} (the later recorded one on a tie); -1 if none. */
    private static int inForce(List<Figure> figures, Instant t) {
        int found = -1;
        for (int i = 0; i < figures.size(); i++) {
            Instant from = figures.get(i).validFrom();
            if (!from.isAfter(t) && (found < 0 || !from.isBefore(figures.get(found).validFrom()))) {
                found = i;
            }
        }
        return found;
    }

    private static Figure figure(Event e, Instant validFrom) {
        return new Figure(validFrom, e.decimal("amount"), e.text("currency"), e.decimal("eurRate"), eur(e));
    }

    /** The EUR value the event implies (amount × rate to the cent), checked against the one it carries. */
    private static BigDecimal eur(Event e) {
        BigDecimal eur = e.decimal("amount").multiply(e.decimal("eurRate")).setScale(2, RoundingMode.HALF_EVEN);
        if (eur.compareTo(e.decimal("eurAmount")) != 0) {
            throw new AssertionError("event " + e.sequence() + " carries eurAmount " + e.text("eurAmount")
                    + " but amount × eurRate is " + eur);
        }
        return eur;
    }

    private List<PledgeState> ownPledges(String fundId, String member, Instant asOf, Instant effectiveAt) {
        List<PledgeState> own = new ArrayList<>();
        for (String pledgeId : pledgesOfFund.getOrDefault(fundId, List.of())) {
            pledgeAt(pledgeId, asOf, effectiveAt).filter(p -> p.member.equals(member)).ifPresent(own::add);
        }
        return own;
    }

    private record Totals(BigDecimal pledged, BigDecimal disbursed, Map<String, BigDecimal> byKind) {
    }

    /** {@code pledgedEurByKind}: MONEY then IN_KIND, zero when none. */
    private static void byKind(ObjectNode answer, Map<String, BigDecimal> sums) {
        ObjectNode kinds = answer.putObject("pledgedEurByKind");
        for (String kind : List.of("MONEY", "IN_KIND")) {
            kinds.put(kind, money(sums.getOrDefault(kind, BigDecimal.ZERO)));
        }
    }

    private Totals totals(String fundId, Instant asOf, Instant effectiveAt) {
        BigDecimal pledged = BigDecimal.ZERO;
        BigDecimal disbursed = BigDecimal.ZERO;
        Map<String, BigDecimal> byKind = new java.util.LinkedHashMap<>();
        for (String pledgeId : pledgesOfFund.getOrDefault(fundId, List.of())) {
            Optional<PledgeState> p = pledgeAt(pledgeId, asOf, effectiveAt);
            if (p.isPresent()) {
                if (p.get().active) {
                    pledged = pledged.add(p.get().figure.eur);
                    byKind.merge(p.get().kind, p.get().figure.eur, BigDecimal::add);
                }
                disbursed = disbursed.add(p.get().disbursed);
            }
        }
        return new Totals(pledged, disbursed, byKind);
    }

    // ---------------------------------------------------------------- rendering

    private ObjectNode header(Instant asOf, Instant effectiveAt) {
        ObjectNode header = JSON.createObjectNode();
        header.put("asOf", instant(asOf));
        header.put("effectiveAt", instant(effectiveAt));
        header.put("lastSequence", lastSequence(asOf));
        return header;
    }

    private static void expect(Event e, String field, String expected) {
        String actual = e.text(field);
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError("event " + e.sequence() + " (" + e.type() + ") has " + field + " " + actual
                    + " where the fold derives " + expected);
        }
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }

    static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static String instant(Instant value) {
        return value == null ? null : INSTANT.format(value);
    }

    /** The contract gives a position's pledges no order: answers are compared with them sorted by pledgeId. */
    public static JsonNode normalized(JsonNode body) {
        if (body.has("pledges") && body.get("pledges").isArray()) {
            List<JsonNode> sorted = new ArrayList<>();
            body.get("pledges").forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.get("pledgeId").asText()));
            ArrayNode pledges = ((ObjectNode) body).putArray("pledges");
            sorted.forEach(pledges::add);
        }
        return body;
    }
}
