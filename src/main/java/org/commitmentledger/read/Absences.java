package org.commitmentledger.read;

import org.commitmentledger.problem.UnknownResourceException;
import org.commitmentledger.kernel.Instants;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Says why a fund, pledge or member named in a read's path is not there at the requested point in time: never
 * recorded, not yet recorded at that {@code asOf}, or recorded but not yet in force at that {@code effectiveAt}. A
 * client that reads "no fund … existed at …" cannot tell a typo from a time that is too early (ADR 0032).
 */
@Component
public class Absences {

    /** What is looked up: the word used in messages and the event type that starts such a record. */
    public enum Kind {
        FUND("fund", "FundProposed", "in force"),
        PLEDGE("pledge", "PledgeMade", "in force"),
        MEMBER("member", "MemberRegistered", "registered");

        private final String word;
        private final String firstEvent;
        private final String present;

        Kind(String word, String firstEvent, String present) {
            this.word = word;
            this.firstEvent = firstEvent;
            this.present = present;
        }
    }

    private final JdbcTemplate jdbc;

    Absences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The 404 for a read at (asOf, effectiveAt) that found nothing. */
    public UnknownResourceException at(Kind kind, String id, PointInTime at) {
        Instant first = firstRecorded(kind, id);
        if (first == null) {
            return new UnknownResourceException("no " + kind.word + " " + id + " was ever recorded");
        }
        if (first.isAfter(at.asOf())) {
            return notYetRecorded(kind, id, at.asOf(), first);
        }
        return new UnknownResourceException(kind.word + " " + id + " is recorded, but was not yet " + kind.present
                + " at effectiveAt " + Instants.render(at.effectiveAt()) + " as recorded by asOf "
                + Instants.render(at.asOf()));
    }

    /** Whether such a record was started by {@code asOf}. */
    public boolean recordedBy(Kind kind, String id, Instant asOf) {
        Instant first = firstRecorded(kind, id);
        return first != null && !first.isAfter(asOf);
    }

    /** The 404 for a read that takes asOf only (histories, timelines). */
    public UnknownResourceException by(Kind kind, String id, Instant asOf) {
        Instant first = firstRecorded(kind, id);
        return first == null ? new UnknownResourceException("no " + kind.word + " " + id + " was ever recorded")
                : notYetRecorded(kind, id, asOf, first);
    }

    private static UnknownResourceException notYetRecorded(Kind kind, String id, Instant asOf, Instant first) {
        return new UnknownResourceException(kind.word + " " + id + " was not yet recorded at asOf "
                + Instants.render(asOf) + " (it was first recorded at " + Instants.render(first) + ")");
    }

    private Instant firstRecorded(Kind kind, String id) {
        if (id == null || id.length() > 64) {
            return null;
        }
        List<String[]> first = jdbc.query("select payload_type, time_stamp from domain_event_entry "
                        + "where aggregate_identifier = ? and sequence_number = 0",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, id);
        // the stored name of the aggregate's first event (ADR 0035)
        if (first.isEmpty() || !first.get(0)[0].equals(kind.firstEvent)) {
            return null;
        }
        return Instant.parse(first.get(0)[1]);
    }
}
