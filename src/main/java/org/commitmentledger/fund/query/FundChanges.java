package org.commitmentledger.fund.query;

import org.commitmentledger.fund.api.FundState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.audit.api.EventHashes;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.eventlog.StoredEvents;
import org.commitmentledger.pledge.api.PledgeReads;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.springframework.stereotype.Component;

/**
 * What changed in a fund's answer between two record times, both read at the same valid time: the fund read and its
 * pledges as recorded at {@code from} against the same at {@code to}, and the events recorded in between.
 */
@Component
public class FundChanges {

    /** The fund read's top-level fields an auditor compares, named as the fund read names them. */
    static final List<String> FIELDS = List.of("targetEur", "pledgedEur", "disbursedEur", "gapEur", "status", "round",
            "optOuts");

    private final FundReads funds;
    private final PledgeReads pledges;
    private final StoredEvents events;
    private final EventHashes chain;

    FundChanges(FundReads funds, PledgeReads pledges, StoredEvents events, EventHashes chain) {
        this.funds = funds;
        this.pledges = pledges;
        this.events = events;
        this.chain = chain;
    }

    /** The differences; empty when the fund exists at neither point. */
    public Optional<Map<String, Object>> between(String fundId, Instant from, Instant to, Instant effectiveAt) {
        PointInTime before = new PointInTime(from, effectiveAt);
        PointInTime after = new PointInTime(to, effectiveAt);
        Optional<FundState> then = funds.state(fundId, before);
        Optional<FundState> now = funds.state(fundId, after);
        if (then.isEmpty() && now.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> thenRead = then.map(f -> funds.detail(f, before)).orElse(Map.of());
        Map<String, Object> nowRead = now.map(f -> funds.detail(f, after)).orElse(Map.of());
        List<Map<String, Object>> fund = new ArrayList<>();
        for (String field : FIELDS) {
            Object a = thenRead.get(field);
            Object b = nowRead.get(field);
            if (!Objects.equals(String.valueOf(a), String.valueOf(b))) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("field", field);
                change.put("before", a);
                change.put("after", b);
                fund.add(change);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fund", fund);
        answer.put("pledges", pledgeChanges(fundId, before, after));
        answer.put("events", events(fundId, from, to));
        return Optional.of(answer);
    }

    private List<Map<String, Object>> pledgeChanges(String fundId, PointInTime before, PointInTime after) {
        Map<String, PledgeReads.PledgeView> then = byId(pledges.ofFund(fundId, before));
        Map<String, PledgeReads.PledgeView> now = byId(pledges.ofFund(fundId, after));
        Set<String> ids = new LinkedHashSet<>(then.keySet());
        ids.addAll(now.keySet());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String id : ids.stream().sorted().toList()) {
            Map<String, Object> a = figures(then.get(id));
            Map<String, Object> b = figures(now.get(id));
            if (!Objects.equals(a, b)) {
                PledgeReads.PledgeView any = now.getOrDefault(id, then.get(id));
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("pledgeId", id);
                change.put("member", any.member());
                change.put("before", a);
                change.put("after", b);
                changes.add(change);
            }
        }
        return changes;
    }

    private static Map<String, PledgeReads.PledgeView> byId(List<PledgeReads.PledgeView> views) {
        return views.stream().collect(Collectors.toMap(PledgeReads.PledgeView::pledgeId, Function.identity(),
                (x, y) -> x, LinkedHashMap::new));
    }

    private static Map<String, Object> figures(PledgeReads.PledgeView pledge) {
        if (pledge == null) {
            return null;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("eurAmount", Money.render(pledge.eurAmount()));
        figures.put("status", pledge.status());
        figures.put("disbursedEur", Money.render(pledge.disbursedEur()));
        return figures;
    }

    private List<Map<String, Object>> events(String fundId, Instant from, Instant to) {
        List<FeedEntry> recorded = events.ofFund(fundId, to).stream()
                .filter(e -> Instants.parse(e.recordedAt()).isAfter(from)).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FeedEntry e : chain.withHashes(recorded)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sequence", e.sequence());
            row.put("type", e.type());
            row.put("actor", e.actor());
            row.put("recordedAt", e.recordedAt());
            row.put("effectiveAt", e.effectiveAt());
            JsonNode reason = e.payload().get("reason");
            row.put("reason", reason == null || reason.isNull() ? null : reason.asText());
            row.put("hash", e.hash());
            rows.add(row);
        }
        return rows;
    }
}
