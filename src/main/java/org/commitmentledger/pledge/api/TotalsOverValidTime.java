package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A fund's pledged and disbursed totals over valid time, at one record time: the sum over the rows whose valid
 * interval [from, to) holds the instant. Each instant costs two binary searches: the rows begun by then minus the
 * rows ended by then, as prefix sums, so a read of n instants over m rows costs O((n + m) log m), not n × m.
 */
public final class TotalsOverValidTime {

    record Row(long validFrom, long validTo, BigDecimal pledgedEur, BigDecimal disbursedEur) {
    }

    private final long[] starts;
    private final BigDecimal[] pledgedBegun;
    private final BigDecimal[] disbursedBegun;
    private final long[] ends;
    private final BigDecimal[] pledgedEnded;
    private final BigDecimal[] disbursedEnded;

    TotalsOverValidTime(List<Row> rows) {
        // an empty or inverted interval holds no instant, as the range condition of the reads has it
        List<Row> held = rows.stream().filter(r -> r.validFrom() < r.validTo()).toList();
        Row[] byStart = held.stream().sorted(Comparator.comparingLong(Row::validFrom)).toArray(Row[]::new);
        Row[] byEnd = held.stream().sorted(Comparator.comparingLong(Row::validTo)).toArray(Row[]::new);
        starts = Arrays.stream(byStart).mapToLong(Row::validFrom).toArray();
        ends = Arrays.stream(byEnd).mapToLong(Row::validTo).toArray();
        pledgedBegun = prefix(byStart, true);
        disbursedBegun = prefix(byStart, false);
        pledgedEnded = prefix(byEnd, true);
        disbursedEnded = prefix(byEnd, false);
    }

    private static BigDecimal[] prefix(Row[] rows, boolean pledged) {
        BigDecimal[] sums = new BigDecimal[rows.length + 1];
        sums[0] = BigDecimal.ZERO;
        for (int i = 0; i < rows.length; i++) {
            sums[i + 1] = sums[i].add(pledged ? rows[i].pledgedEur() : rows[i].disbursedEur());
        }
        return sums;
    }

    /** The totals effective at {@code effectiveMillis}: rows with validFrom ≤ it < validTo. */
    public PledgeReads.Totals at(long effectiveMillis) {
        int begun = atOrBefore(starts, effectiveMillis);
        int ended = atOrBefore(ends, effectiveMillis);
        return new PledgeReads.Totals(pledgedBegun[begun].subtract(pledgedEnded[ended]),
                disbursedBegun[begun].subtract(disbursedEnded[ended]));
    }

    /** How many of the sorted values are ≤ {@code t}. */
    private static int atOrBefore(long[] sorted, long t) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
