package org.commitmentledger.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The one place where instants are parsed from and rendered for the outside world (ADR 0003). */
public final class Instants {

    /** Latest instant accepted anywhere; keeps rendering to four-digit years. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    private static final DateTimeFormatter RENDER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {
    }

    public static String render(Instant instant) {
        return instant == null ? null : RENDER.format(instant);
    }

    /** Parses an ISO-8601 instant with or without offset; truncates to milliseconds. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new InvalidInputException(null, "not an ISO-8601 instant: " + abbreviate(text));
        }
        Instant parsed;
        try {
            parsed = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            try {
                parsed = Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(null, "not an ISO-8601 instant with offset (e.g. 2024-07-10T12:00:00Z): "
                        + abbreviate(text));
            }
        }
        return checkRange(parsed);
    }

    public static Instant checkRange(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new InvalidInputException(null, "instant out of range (years 0001 to 9999)");
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
