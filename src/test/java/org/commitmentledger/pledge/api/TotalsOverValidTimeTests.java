package org.commitmentledger.pledge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A fund's totals over valid time answer, at every instant, the sum of the rows whose interval holds it. */
class TotalsOverValidTimeTests {

    @Test
    void everyInstantSumsExactlyTheRowsWhoseIntervalHoldsIt() {
        Random random = new Random(42);
        List<TotalsOverValidTime.Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long from = random.nextInt(1_000);
            // some open-ended, some empty or inverted, many sharing their bounds with others
            long to = random.nextInt(10) == 0 ? Long.MAX_VALUE : from + random.nextInt(200) - 10;
            rows.add(new TotalsOverValidTime.Row(from, to, cents(random.nextInt(1_000_000)),
                    cents(random.nextInt(10_000))));
        }
        TotalsOverValidTime totals = new TotalsOverValidTime(rows);
        for (long t = -5; t <= 1_300; t++) {
            BigDecimal pledged = BigDecimal.ZERO;
            BigDecimal disbursed = BigDecimal.ZERO;
            for (TotalsOverValidTime.Row r : rows) {
                if (r.validFrom() <= t && r.validTo() > t) {
                    pledged = pledged.add(r.pledgedEur());
                    disbursed = disbursed.add(r.disbursedEur());
                }
            }
            PledgeReads.Totals at = totals.at(t);
            assertThat(at.pledgedEur()).as("pledged at %d", t).isEqualByComparingTo(pledged);
            assertThat(at.disbursedEur()).as("disbursed at %d", t).isEqualByComparingTo(disbursed);
        }
    }

    @Test
    void noRowsMeanZeroEverywhere() {
        TotalsOverValidTime totals = new TotalsOverValidTime(List.of());
        assertThat(totals.at(0)).isEqualTo(new PledgeReads.Totals(BigDecimal.ZERO, BigDecimal.ZERO));
        assertThat(totals.at(Long.MAX_VALUE).pledgedEur()).isZero();
    }

    private static BigDecimal cents(long value) {
        return BigDecimal.valueOf(value, 2);
    }
}
