package org.commitmentledger.kernel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place where instants are parsed from and rendered for the outside world (ADR 0003). */
public final class Instants {

    /** Latest instant accepted anywhere; keeps rendering to four-digit years. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    private static final Pattern FRACTION = Pattern.compile("[Tt]\\d{2}:\\d{2}:\\d{2}[.,](\\d+)");
    private static final DateTimeFormatter RENDER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {
    }

    public static String render(Instant instant) {
        return instant == null ? null : RENDER.format(instant);
    }

    /**
     * Parses an ISO-8601 instant with offset. More than three fraction digits are refused rather than truncated: the
     * ledger keeps milliseconds, and a value it cannot keep exactly must not be answered as if it had (ADR 0032).
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new InvalidInputException(null, "is not an ISO-8601 instant: " + abbreviate(text));
        }
        Instant parsed;
        try {
            parsed = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            try {
                parsed = Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(null, "is not an ISO-8601 instant with offset (e.g. "
                        + "2024-07-10T12:00:00Z): " + abbreviate(text) + plusHint(text));
            }
        }
        Matcher fraction = FRACTION.matcher(text);
        if (fraction.find() && fraction.group(1).length() > 3) {
            throw new InvalidInputException(null, "has " + fraction.group(1).length() + " fraction digits; the "
                    + "ledger keeps milliseconds, give at most 3 (e.g. 2024-07-10T12:00:00.123Z): " + abbreviate(text));
        }
        return checkRange(parsed);
    }

    /** A '+' in a query string means a space: an offset like +02:00 sent unencoded arrives as " 02:00". */
    private static String plusHint(String text) {
        return text.contains(" ") ? " (a '+' in a URL's query arrives as a space: encode it as %2B, e.g. "
                + "2024-07-10T14:00:00%2B02:00)" : "";
    }

    public static Instant checkRange(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new InvalidInputException(null, "is out of range (years 0001 to 9999)");
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
