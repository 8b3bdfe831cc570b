package org.commitmentledger.kernel;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Collects every problem of one request's input, so a client learns all of them at once. Each method returns the
 * checked (normalised) value, or null when it recorded a problem; {@link #done()} throws if any was recorded.
 */
public final class Input {

    public static final Pattern FUND_ID = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Set<String> COUNTRIES = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));
    private static final int MAX_TEXT = 2000;

    private final List<InvalidInputException.FieldProblem> problems = new ArrayList<>();

    public static Input check() {
        return new Input();
    }

    public void problem(String field, String message) {
        problems.add(new InvalidInputException.FieldProblem(field, message));
    }

    public <T> T attempt(Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    public String text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (value.length() > MAX_TEXT) {
            problem(field, "is longer than " + MAX_TEXT + " characters");
            return null;
        }
        return value;
    }

    public String fundId(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        if (!FUND_ID.matcher(value).matches()) {
            problem(field, "must match [a-z0-9-]{3,64}");
            return null;
        }
        return value;
    }

    public String memberCode(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        if (!COUNTRIES.contains(value)) {
            problem(field, "must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): " + Instants.abbreviate(value));
            return null;
        }
        return value;
    }

    public Instant instant(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        return attempt(() -> {
            try {
                return Instants.parse(value);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(field, e.getMessage());
            }
        });
    }

    /** An optional effectiveAt: defaults to now, may not lie in the future. */
    public Instant effectiveAt(String value, Clock clock) {
        Instant now = Instants.checkRange(clock.instant());
        if (value == null) {
            return now;
        }
        Instant parsed = instant("effectiveAt", value, false);
        if (parsed != null && parsed.isAfter(now)) {
            problem("effectiveAt", "lies in the future (" + Instants.render(parsed) + " is after "
                    + Instants.render(now) + ")");
            return null;
        }
        return parsed;
    }

    /**
     * A read's optional asOf: defaults to now and may not lie in the future, where the answer would change while
     * the URL stays the same (ADR 0032).
     */
    public Instant asOf(String value, Clock clock) {
        Instant now = Instants.checkRange(clock.instant());
        if (value == null) {
            return now;
        }
        Instant parsed = instant("asOf", value, true);
        if (parsed != null && parsed.isAfter(now)) {
            problem("asOf", "lies in the future (" + Instants.render(parsed) + " is after the server's now "
                    + Instants.render(now) + "): what the ledger will have recorded by then is not known yet");
            return null;
        }
        return parsed;
    }

    public LocalDate date(String field, String value) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        try {
            if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("pattern", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problem(field, "must be a date yyyy-MM-dd: " + Instants.abbreviate(value));
            return null;
        }
    }

    public BigDecimal amount(String field, BigDecimal value) {
        return attempt(() -> Money.amount(field, value));
    }

    public String currency(String field, String value) {
        return attempt(() -> Money.currency(field, value));
    }

    public void done() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
