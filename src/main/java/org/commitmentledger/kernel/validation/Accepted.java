package org.commitmentledger.kernel.validation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.Money;

/**
 * The values to record for fields their constraints accepted, in the form the ledger has always recorded them. Each
 * calls the same rule as the constraint, which cannot refuse an accepted value: it only normalises.
 */
public final class Accepted {

    private Accepted() {
    }

    /** Of a {@link MoneyAmount}: {@code Money.amount}'s normal form (1E+3 is 1000, trailing zeros past 6 dropped). */
    public static BigDecimal amount(BigDecimal value) {
        return Money.amount("amount", value);
    }

    /** Of a {@link CostShare}: {@code Money.costShare}'s normal form. */
    public static BigDecimal costShare(BigDecimal value) {
        return Money.costShare("costShare", value);
    }

    /** Of an {@link EurRate} body: 1 for EUR, none without currency. */
    public static BigDecimal rate(EurRate.Priced body) {
        return body.currency() == null ? null
                : Money.rateFor("currency", body.currency(), "eurRate", body.eurRate());
    }

    /** Of an {@link EffectiveAt}: now when absent, read from the same clock later than the check did. */
    public static Instant effectiveAt(String value, Clock clock) {
        return value == null ? Instants.checkRange(clock.instant()) : Instants.parse(value);
    }

    /** Of an {@link IsoInstant}. */
    public static Instant instant(String value) {
        return value == null ? null : Instants.parse(value);
    }

    /** Of an {@link IsoDate}. */
    public static LocalDate date(String value) {
        return LocalDate.parse(value);
    }

    /** Of an optional {@link Text}: a blank one is none. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
