package org.commitmentledger.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.commitmentledger.history.query.FeedEntries;
import org.commitmentledger.history.query.FeedEntry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the stored chain and verifies it against the events, page by page in global order, so verification runs in
 * constant memory however long the history is (ADR 0007).
 */
@Component
public class ChainStore {

    static final int PAGE = 1000;

    private final JdbcTemplate jdbc;

    ChainStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries with their stored hashes. */
    public List<FeedEntry> withHashes(List<FeedEntry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<Long, String> hashes = new HashMap<>();
        long lo = entries.stream().mapToLong(FeedEntry::sequence).min().orElseThrow();
        long hi = entries.stream().mapToLong(FeedEntry::sequence).max().orElseThrow();
        if (hi - lo < 5L * entries.size()) {
            jdbc.query("select global_index, hash from event_chain where global_index between ? and ?",
                    rs -> { hashes.put(rs.getLong(1), rs.getString(2).trim()); }, lo, hi);
        } else {
            for (FeedEntry e : entries) {
                jdbc.query("select global_index, hash from event_chain where global_index = ?",
                        rs -> { hashes.put(rs.getLong(1), rs.getString(2).trim()); }, e.sequence());
            }
        }
        List<FeedEntry> result = new ArrayList<>(entries.size());
        for (FeedEntry e : entries) {
            result.add(e.withHash(hashes.get(e.sequence())));
        }
        return result;
    }

    public record Digest(long sequence, String head, String recordedAt) {
    }

    public Digest digest() {
        Map<String, Object> row = jdbc.queryForMap("select last_sequence, head from chain_head where id = 1");
        long sequence = ((Number) row.get("LAST_SEQUENCE")).longValue();
        String recordedAt = null;
        if (sequence > 0) {
            List<String> stamps = jdbc.queryForList("select time_stamp from domain_event_entry where global_index = ?",
                    String.class, sequence);
            recordedAt = stamps.isEmpty() ? null
                    : org.commitmentledger.support.Instants.render(java.time.Instant.parse(stamps.get(0)));
        }
        return new Digest(sequence, ((String) row.get("HEAD")).trim(), recordedAt);
    }

    public record Verification(boolean valid, long events, long headSequence, String head,
                               Long firstInvalidSequence, String reason, long millis) {
    }

    /** Recomputes the whole chain from the stored events and compares it with the stored hashes and head. */
    public Verification verify() {
        long started = System.nanoTime();
        Walk walk = new Walk();
        long after = 0;
        while (true) {
            List<Row> events = page(after);
            boolean lastPage = events.size() < PAGE;
            long upTo = lastPage ? Long.MAX_VALUE : events.get(events.size() - 1).entry.sequence();
            Map<Long, String> stored = new HashMap<>();
            jdbc.query("select global_index, hash from event_chain where global_index > ? and global_index <= ?",
                    rs -> { stored.put(rs.getLong(1), rs.getString(2).trim()); }, after, upTo);
            // a chain entry whose event is gone: the earliest such sequence, if before the next event
            List<Long> orphaned = stored.keySet().stream().sorted().toList();
            int o = 0;
            for (Row row : events) {
                long seq = row.entry.sequence();
                while (o < orphaned.size() && orphaned.get(o) < seq) {
                    if (!hasEventRow(events, orphaned.get(o))) {
                        return walk.fail(orphaned.get(o), "event " + orphaned.get(o)
                                + " was in the chain but is missing from the event store", started);
                    }
                    o++;
                }
                if (o < orphaned.size() && orphaned.get(o) == seq) {
                    o++;
                }
                String expected = stored.get(seq);
                String computed = HashChain.next(walk.previous, row.entry);
                if (expected == null) {
                    return walk.fail(seq, "event " + seq + " is not in the chain: it was inserted outside the ledger",
                            started);
                }
                if (!expected.equals(computed)) {
                    return walk.fail(seq, "event " + seq + " does not hash to its chain entry: it, or an event "
                            + "before it, was altered or reordered", started);
                }
                walk.previous = computed;
                walk.count++;
                walk.headSequence = seq;
            }
            if (o < orphaned.size()) {
                return walk.fail(orphaned.get(o), "event " + orphaned.get(o)
                        + " was in the chain but is missing from the event store", started);
            }
            if (lastPage) {
                break;
            }
            after = upTo;
        }
        Digest head = digest();
        if (head.sequence() != walk.headSequence || !head.head().equals(walk.previous)) {
            long first = head.sequence() > walk.headSequence ? walk.headSequence + 1 : walk.headSequence;
            return walk.fail(first, "the stored head (sequence " + head.sequence() + ") does not match the events: "
                    + "the tail of the history was removed or the head was altered", started);
        }
        return new Verification(true, walk.count, walk.headSequence, walk.previous, null, null,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The hash the stored events lead to at {@code sequence}, recomputed from the first event; empty if unknown. */
    public Optional<String> recomputeUpTo(long sequence) {
        String previous = HashChain.GENESIS;
        long after = 0;
        while (true) {
            List<Row> events = page(after);
            for (Row row : events) {
                if (row.entry.sequence() > sequence) {
                    return Optional.empty();
                }
                previous = HashChain.next(previous, row.entry);
                if (row.entry.sequence() == sequence) {
                    return Optional.of(previous);
                }
            }
            if (events.size() < PAGE) {
                return Optional.empty();
            }
            after = events.get(events.size() - 1).entry.sequence();
        }
    }

    /** Whether the sequence was ever stored, as an event or as a chain entry. */
    public boolean known(long sequence) {
        Integer n = jdbc.queryForObject("select (select count(*) from event_chain where global_index = ?) + "
                + "(select count(*) from domain_event_entry where global_index = ?) from chain_head where id = 1",
                Integer.class, sequence, sequence);
        return n != null && n > 0;
    }

    private static boolean hasEventRow(List<Row> events, long sequence) {
        for (Row row : events) {
            if (row.entry.sequence() == sequence) {
                return true;
            }
        }
        return false;
    }

    private List<Row> page(long after) {
        return jdbc.query("select global_index, payload_type, time_stamp, payload, meta_data from domain_event_entry "
                + "where global_index > ? order by global_index fetch first " + PAGE + " rows only",
                (rs, i) -> new Row(FeedEntries.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getBytes(5))), after);
    }

    private record Row(FeedEntry entry) {
    }

    private static final class Walk {
        String previous = HashChain.GENESIS;
        long count;
        long headSequence;

        Verification fail(long sequence, String reason, long started) {
            return new Verification(false, count, headSequence, previous, sequence, reason,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
