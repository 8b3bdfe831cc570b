package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A fund's pledged and disbursed totals over valid time, at one record time: the sum over the rows whose valid
 * interval [from, to) holds the instant, as a step function. Each row adds its figures where it begins and takes them
 * away where it ends; the running sums are kept at each such instant, so a read of n instants over m rows costs
 * O((n + m) log m), not n × m.
 */
public final class TotalsOverValidTime {

    record Row(long validFrom, long validTo, BigDecimal pledgedEur, BigDecimal disbursedEur) {
    }

    /** From each key on, until the next: the totals in force. */
    private final NavigableMap<Long, PledgeReads.Totals> steps = new TreeMap<>();

    TotalsOverValidTime(List<Row> rows) {
        TreeMap<Long, PledgeReads.Totals> changes = new TreeMap<>();
        for (Row r : rows) {
            // an empty or inverted interval holds no instant, as the range condition of the reads has it
            if (r.validFrom() < r.validTo()) {
                changes.merge(r.validFrom(), new PledgeReads.Totals(r.pledgedEur(), r.disbursedEur()),
                        TotalsOverValidTime::plus);
                changes.merge(r.validTo(), new PledgeReads.Totals(r.pledgedEur().negate(),
                        r.disbursedEur().negate()), TotalsOverValidTime::plus);
            }
        }
        PledgeReads.Totals running = PledgeReads.Totals.NONE;
        for (Map.Entry<Long, PledgeReads.Totals> change : changes.entrySet()) {
            running = plus(running, change.getValue());
            steps.put(change.getKey(), running);
        }
    }

    private static PledgeReads.Totals plus(PledgeReads.Totals a, PledgeReads.Totals b) {
        return new PledgeReads.Totals(a.pledgedEur().add(b.pledgedEur()), a.disbursedEur().add(b.disbursedEur()));
    }

    /** The totals effective at {@code effectiveMillis}: rows with validFrom ≤ it < validTo. */
    public PledgeReads.Totals at(long effectiveMillis) {
        Map.Entry<Long, PledgeReads.Totals> step = steps.floorEntry(effectiveMillis);
        return step == null ? PledgeReads.Totals.NONE : step.getValue();
    }
}
