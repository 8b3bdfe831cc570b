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
     * {@code render(Instant.parse(stored))} for an instant as the event store keeps it, {@link Instant#toString()}'s
     * {@code uuuu-MM-ddTHH:mm:ss[.f…]Z}: that shape is checked and copied, its fraction cut or padded to three
     * digits, because the feed and every verification render each stored event's time. Any other text, or a date or
     * time out of range, takes the formatter's path and its answer, exceptions included.
     */
    public static String renderStored(String stored) {
        String direct = storedShape(stored);
        return direct != null ? direct : render(Instant.parse(stored));
    }

    private static String storedShape(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        char[] out = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '.', '0', '0', '0', 'Z'};
        s.getChars(0, 19, out, 0);
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9 || digits(s, 20, fraction) < 0) {
                return null;
            }
            s.getChars(20, 20 + Math.min(3, fraction), out, 20);
        }
        return new String(out);
    }

    /** The decimal value of {@code length} ASCII digits at {@code from}; -1 if any is not a digit. */
    private static int digits(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
