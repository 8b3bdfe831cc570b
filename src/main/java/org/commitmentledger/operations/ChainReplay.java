package org.commitmentledger.operations;

import java.util.List;

import org.commitmentledger.audit.api.HashChain;
import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes the hash chain of a database copy from its stored events, without the application around it: a backup
 * checks its copy with it and a restore the file it restores. The events are read page by page in global order, so
 * memory stays constant however long the history.
 */
final class ChainReplay {

    private static final int PAGE = 1000;

    private ChainReplay() {
    }

    /** The chain's head after event {@code upTo}, recomputed from the first event; or why there is none. */
    record Result(String head, long events, String problem) {
    }

    static Result upTo(JdbcTemplate jdbc, long upTo) {
        String previous = HashChain.GENESIS;
        long after = 0;
        long events = 0;
        while (true) {
            List<FeedEntry> page;
            try {
                page = jdbc.query("select global_index, payload_type, time_stamp, payload, meta_data, "
                    + "aggregate_identifier, sequence_number from domain_event_entry where global_index > ? and "
                    + "global_index <= ? order by global_index fetch first " + PAGE + " rows only",
                    (rs, i) -> FeedEntries.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getBytes(5), rs.getString(6), rs.getLong(7)), after, upTo);
            } catch (RuntimeException unreadable) {
                return new Result(null, events, "an event after " + after + " cannot be read: its stored form was "
                        + "altered");
            }
            for (FeedEntry entry : page) {
                try {
                    previous = HashChain.next(previous, entry);
                } catch (RuntimeException unreadable) {
                    return new Result(null, events, "event " + entry.sequence() + " cannot be read: its stored "
                            + "form was altered");
                }
                events++;
                after = entry.sequence();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (after != upTo) {
            return new Result(null, events, "the last stored event is " + after + ", not " + upTo
                    + ": events were removed");
        }
        return new Result(previous, events, null);
    }
}
