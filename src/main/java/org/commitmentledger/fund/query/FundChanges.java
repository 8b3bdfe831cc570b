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

    /** The fund read's top-level fields an auditor compares, named as the fund read names them, in this order. */
    static final Map<String, Function<FundDetail, Object>> FIELDS = fields();

    private static Map<String, Function<FundDetail, Object>> fields() {
        Map<String, Function<FundDetail, Object>> fields = new LinkedHashMap<>();
        fields.put("targetEur", FundDetail::targetEur);
        fields.put("pledgedEur", FundDetail::pledgedEur);
        fields.put("disbursedEur", FundDetail::disbursedEur);
        fields.put("gapEur", FundDetail::gapEur);
        fields.put("status", FundDetail::status);
        fields.put("round", FundDetail::round);
        fields.put("optOuts", FundDetail::optOuts);
        return fields;
    }

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
    public Optional<FundChangesFound> between(String fundId, Instant from, Instant to, Instant effectiveAt) {
        PointInTime before = new PointInTime(from, effectiveAt);
        PointInTime after = new PointInTime(to, effectiveAt);
        Optional<FundState> then = funds.state(fundId, before);
        Optional<FundState> now = funds.state(fundId, after);
        if (then.isEmpty() && now.isEmpty()) {
            return Optional.empty();
        }
        FundDetail thenRead = then.map(f -> funds.detail(f, before)).orElse(null);
        FundDetail nowRead = now.map(f -> funds.detail(f, after)).orElse(null);
        List<FundChangesFound.FundFieldChange> fund = new ArrayList<>();
        FIELDS.forEach((field, value) -> {
            Object a = thenRead == null ? null : value.apply(thenRead);
            Object b = nowRead == null ? null : value.apply(nowRead);
            if (!Objects.equals(String.valueOf(a), String.valueOf(b))) {
                fund.add(new FundChangesFound.FundFieldChange(field, a, b));
            }
        });
        return Optional.of(new FundChangesFound(fund, pledgeChanges(fundId, before, after), events(fundId, from, to)));
    }

    private List<FundChangesFound.FundPledgeChange> pledgeChanges(String fundId, PointInTime before,
                                                                  PointInTime after) {
        Map<String, PledgeReads.PledgeView> then = byId(pledges.ofFund(fundId, before));
        Map<String, PledgeReads.PledgeView> now = byId(pledges.ofFund(fundId, after));
        Set<String> ids = new LinkedHashSet<>(then.keySet());
        ids.addAll(now.keySet());
        List<FundChangesFound.FundPledgeChange> changes = new ArrayList<>();
        for (String id : ids.stream().sorted().toList()) {
            FundChangesFound.FundPledgeFigures a = figures(then.get(id));
            FundChangesFound.FundPledgeFigures b = figures(now.get(id));
            if (!Objects.equals(a, b)) {
                PledgeReads.PledgeView any = now.getOrDefault(id, then.get(id));
                changes.add(new FundChangesFound.FundPledgeChange(id, any.member(), a, b));
            }
        }
        return changes;
    }

    private static Map<String, PledgeReads.PledgeView> byId(List<PledgeReads.PledgeView> views) {
        return views.stream().collect(Collectors.toMap(PledgeReads.PledgeView::pledgeId, Function.identity(),
                (x, y) -> x, LinkedHashMap::new));
    }

    private static FundChangesFound.FundPledgeFigures figures(PledgeReads.PledgeView pledge) {
        if (pledge == null) {
            return null;
        }
        return new FundChangesFound.FundPledgeFigures(Money.render(pledge.eurAmount()), pledge.status(),
                Money.render(pledge.disbursedEur()));
    }

    private List<FundChangesFound.FundChangeEvent> events(String fundId, Instant from, Instant to) {
        List<FeedEntry> recorded = events.ofFund(fundId, to).stream()
                .filter(e -> Instants.parse(e.recordedAt()).isAfter(from)).toList();
        List<FundChangesFound.FundChangeEvent> rows = new ArrayList<>();
        for (FeedEntry e : chain.withHashes(recorded)) {
            JsonNode reason = e.payload().get("reason");
            rows.add(new FundChangesFound.FundChangeEvent(e.sequence(), e.type(), e.actor(), e.recordedAt(),
                    e.effectiveAt(), reason == null || reason.isNull() ? null : reason.asText(), e.hash()));
        }
        return rows;
    }
}
