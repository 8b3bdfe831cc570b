package org.commitmentledger.audit;

import org.commitmentledger.audit.api.EventHashes;
import org.commitmentledger.audit.api.HashChain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.commitmentledger.eventlog.FeedEntries;
import org.commitmentledger.eventlog.FeedEntry;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.kernel.PreparedPages;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the stored chain and verifies it against the events. Verification walks the event table and the chain table
 * side by side in global order, one page of each at a time, so it runs in constant memory however long the history
 * is (ADR 0007).
 */
@Component
public class ChainStore implements EventHashes {

    static final int PAGE = 1000;
    /** Prepared pages of events waiting ahead of the walk: enough to keep every worker busy, and bounded. */
    private static final int PAGES_AHEAD = 4;

    private final JdbcTemplate jdbc;
    private final TreeStore tree;
    private final Checkpoints checkpoints;

    ChainStore(JdbcTemplate jdbc, TreeStore tree, Checkpoints checkpoints) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.checkpoints = checkpoints;
    }

    /** The entries with their stored hashes. */
    @Override
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

    /** How long a verification waits for a head to cover rows it found beyond the head: 20 × 50 ms. */
    private static final int HEAD_GRACE_ATTEMPTS = 20;
    private static final long HEAD_GRACE_PAUSE_MILLIS = 50;

    public record Digest(long sequence, String head, String recordedAt) {
    }

    public Digest digest() {
        Map<String, Object> row = jdbc.queryForMap("select last_sequence, head from chain_head where id = 1");
        long sequence = ((Number) row.get("LAST_SEQUENCE")).longValue();
        String recordedAt = null;
        if (sequence > 0) {
            List<String> stamps = jdbc.queryForList("select time_stamp from domain_event_entry where global_index = ?",
                    String.class, sequence);
            recordedAt = stamps.isEmpty() ? null : recordedAt(stamps.get(0));
        }
        return new Digest(sequence, ((String) row.get("HEAD")).trim(), recordedAt);
    }

    /** A full verification; {@code treeSize} and {@code rootHash}: how far the Merkle tree was recomputed. */
    public record Verification(boolean valid, long events, long headSequence, String head,
                               Long firstInvalidSequence, String reason, long millis, long treeSize,
                               String rootHash) {
    }

    /**
     * Recomputes the whole chain from the stored events and compares it with the stored hashes and head. The walk is
     * bounded by the head read before it, so appends committed meanwhile are not taken for tampering: an append
     * writes its events, their chain entries and the head in one transaction, in global order (ADR 0007). Rows
     * beyond that head are walked too once a re-read head covers them; rows no head covers were not appended
     * through the ledger. The same walk recomputes the Merkle tree up to its head read first (ADR 0021).
     */
    public Verification verify() {
        long started = System.nanoTime();
        // one reader per table, and the leaves checked on a thread of their own, so reading and parsing, the chain's
        // hashes and the leaves' hashes run on whatever cores are free
        ExecutorService events = PreparedPages.threads("verify-read-events", 1);
        ExecutorService links = PreparedPages.threads("verify-read-chain", 1);
        ExecutorService leaves = PreparedPages.threads("verify-read-leaves", 1);
        ExecutorService prepare = PreparedPages.threads("verify-prepare", Runtime.getRuntime().availableProcessors());
        TreeCheck treeCheck = new TreeCheck(jdbc, tree, checkpoints, leaves);
        try (LeafChecks leafChecks = new LeafChecks(treeCheck)) {
            return verify(new Walk(started, treeCheck, leafChecks, events, links, prepare));
        } finally {
            events.shutdownNow();
            links.shutdownNow();
            leaves.shutdownNow();
            prepare.shutdownNow();
        }
    }

    private Verification verify(Walk walk) {
        Digest head = digest();
        while (true) {
            Verification failed = walk.through(head.sequence());
            if (failed != null) {
                return failed;
            }
            if (walk.headSequence < head.sequence()) {
                return walk.fail(walk.headSequence + 1, "the chain head is at sequence " + head.sequence()
                        + " but no event or chain entry follows sequence " + walk.headSequence
                        + ": the tail of the history was removed");
            }
            if (!walk.previous.equals(head.head())) {
                return walk.fail(head.sequence(), "the stored chain head differs from the hash the events lead to "
                        + "at sequence " + head.sequence() + ": the head, or the history before it, was rewritten");
            }
            Long beyond = firstRowAfter(head.sequence());
            if (beyond == null) {
                LeafChecks.Problem leaf = walk.leaves.drain();
                if (leaf != null) {
                    return walk.at(leaf);
                }
                String problem = walk.tree.finish();
                if (problem != null) {
                    return walk.fail(walk.headSequence, problem);
                }
                return new Verification(true, walk.count, walk.headSequence, walk.previous, null, null,
                        walk.millis(), walk.tree.size(), walk.tree.root());
            }
            Digest later = coveringHead(beyond);
            if (later.sequence() < beyond) {
                return walk.fail(beyond, "event " + beyond + " lies after the chain head (sequence "
                        + later.sequence() + "): it was not appended through the ledger");
            }
            head = later;
        }
    }

    /**
     * The chain head, re-read for a short while until it covers {@code sequence}. An append commits its rows and the
     * head together, yet a verification running beside concurrent appends on H2 was seen to find an append's rows
     * before the head that covers them; a row that no head covers after the grace period was not appended through
     * the ledger, and is reported.
     */
    private Digest coveringHead(long sequence) {
        Digest later = digest();
        for (int attempt = 0; later.sequence() < sequence && attempt < HEAD_GRACE_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(HEAD_GRACE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            later = digest();
        }
        return later;
    }

    /** What the stored events lead to at a sequence: its hash, or why there is none. */
    public record Replay(String hash, String problem) {
    }

    /** The hash the stored events lead to at {@code sequence}, recomputed from the first event, page by page. */
    public Replay recomputeUpTo(long sequence) {
        String previous = HashChain.GENESIS;
        PagedCursor<Row> events = new PagedCursor<>(0, PAGE, after -> Row.parse(eventPage(after, sequence)),
                Row::sequence, null);
        for (Row row = events.next(); row != null; row = events.next()) {
            previous = row.hashAfter(previous);
            if (previous == null) {
                return new Replay(null, "event " + row.sequence() + " cannot be read (" + row.problem() + ")");
            }
            if (row.sequence() == sequence) {
                return new Replay(previous, null);
            }
        }
        return new Replay(null, "no event with sequence " + sequence + " is stored: it was removed");
    }

    /** Whether the sequence was ever stored, as far as the event table or the chain table still show. */
    public boolean known(long sequence) {
        Integer n = jdbc.queryForObject("select (select count(*) from event_chain where global_index = ?) + "
                + "(select count(*) from domain_event_entry where global_index = ?) from chain_head where id = 1",
                Integer.class, sequence, sequence);
        return n != null && n > 0;
    }

    private Long firstRowAfter(long sequence) {
        Long event = jdbc.queryForObject("select min(global_index) from domain_event_entry where global_index > ?",
                Long.class, sequence);
        Long chained = jdbc.queryForObject("select min(global_index) from event_chain where global_index > ?",
                Long.class, sequence);
        if (event == null || chained == null) {
            return event == null ? chained : event;
        }
        return Math.min(event, chained);
    }

    private List<StoredRow> eventPage(long after, long upTo) {
        return jdbc.query("select global_index, payload_type, time_stamp, payload, meta_data, aggregate_identifier, "
                + "sequence_number from domain_event_entry where global_index > ? and global_index <= ? "
                + "order by global_index fetch first " + PAGE + " rows only", (rs, i) -> new StoredRow(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5), rs.getString(6), rs.getLong(7)),
                after, upTo);
    }

    private List<Link> chainPage(long after, long upTo) {
        return jdbc.query("select global_index, hash from event_chain where global_index > ? and global_index <= ? "
                + "order by global_index fetch first " + PAGE + " rows only",
                (rs, i) -> new Link(rs.getLong(1), rs.getString(2).trim()), after, upTo);
    }

    private static String recordedAt(String timeStamp) {
        try {
            return Instants.render(java.time.Instant.parse(timeStamp));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** One event row as stored, not yet parsed. */
    private record StoredRow(long sequence, String type, String timeStamp, byte[] payload, byte[] metaData,
                             String aggregateId, long aggregateSequence) {
    }

    /**
     * One stored event: its feed entry, or why it cannot be read (a tampered payload may not even be JSON); the chain's
     * canonical form of it (null when it cannot be canonicalised); and its Merkle leaf hash (null when the leaf's form
     * cannot be written). All three are prepared off the walk's thread, page by page.
     */
    private record Row(long sequence, FeedEntry entry, String unreadable, byte[] canonical, byte[] leafHash) {

        static List<Row> parse(List<StoredRow> page) {
            List<Row> rows = new ArrayList<>(page.size());
            for (StoredRow stored : page) {
                rows.add(parse(stored));
            }
            return rows;
        }

        static Row parse(StoredRow stored) {
            FeedEntry entry;
            try {
                entry = FeedEntries.of(stored.sequence(), stored.type(), stored.timeStamp(), stored.payload(),
                        stored.metaData(), stored.aggregateId(), stored.aggregateSequence());
            } catch (RuntimeException unreadable) {
                return new Row(stored.sequence(), null, unreadable.getClass().getSimpleName(), null, null);
            }
            String canonical;
            try {
                canonical = HashChain.canonical(entry);
            } catch (RuntimeException unreadable) {
                return new Row(stored.sequence(), entry, null, null, null);
            }
            byte[] leaf;
            try {
                leaf = MerkleTree.leafHash(MerkleTree.leafEntry(entry, canonical).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException unreadable) {
                leaf = null;
            }
            return new Row(stored.sequence(), entry, null, canonical.getBytes(StandardCharsets.UTF_8), leaf);
        }

        /** The chain hash of this event after {@code previous}; null when it cannot be read or canonicalised. */
        String hashAfter(String previous) {
            return canonical == null ? null : HashChain.next(previous, canonical);
        }

        String problem() {
            return unreadable == null ? "not canonicalisable as JSON" : unreadable;
        }
    }

    private record Link(long sequence, String hash) {
    }

    /** The verification so far: how far the events and the chain agree, and the hash they lead to. */
    private final class Walk {
        private final long started;
        final TreeCheck tree;
        String previous = HashChain.GENESIS;
        long count;
        long headSequence;

        final LeafChecks leaves;
        private final ExecutorService eventReader;
        private final ExecutorService chainReader;
        private final ExecutorService preparation;

        Walk(long started, TreeCheck tree, LeafChecks leaves, ExecutorService eventReader,
             ExecutorService chainReader, ExecutorService preparation) {
            this.started = started;
            this.tree = tree;
            this.leaves = leaves;
            this.eventReader = eventReader;
            this.chainReader = chainReader;
            this.preparation = preparation;
        }

        /** Walks both tables from where the walk stands up to {@code upTo}; null if they agree. */
        Verification through(long upTo) {
            try (PreparedPages<StoredRow, Row> events = new PreparedPages<>(headSequence, PAGE, PAGES_AHEAD,
                    after -> eventPage(after, upTo), StoredRow::sequence, Row::parse, eventReader, preparation)) {
                return through(upTo, events);
            }
        }

        private Verification through(long upTo, PreparedPages<StoredRow, Row> events) {
            PagedCursor<Link> chain = new PagedCursor<>(headSequence, PAGE, after -> chainPage(after, upTo),
                    Link::sequence, chainReader);
            while (true) {
                Row event = events.peek();
                Link link = chain.peek();
                if (event == null && link == null) {
                    return null;
                }
                if (link == null || (event != null && event.sequence() < link.sequence())) {
                    return fail(event.sequence(), "event " + event.sequence() + " has no chain entry: it was "
                            + "inserted outside the ledger");
                }
                if (event == null || link.sequence() < event.sequence()) {
                    return fail(link.sequence(), "event " + link.sequence() + " is in the chain but missing from "
                            + "the event store: it was removed");
                }
                String computed = event.hashAfter(previous);
                if (computed == null) {
                    return fail(event.sequence(), "event " + event.sequence() + " cannot be read ("
                            + event.problem() + "): its stored form was altered");
                }
                if (!computed.equals(link.hash())) {
                    return fail(event.sequence(), "event " + event.sequence() + " does not hash to its chain "
                            + "entry: it was altered or moved, or events right before it were removed");
                }
                leaves.add(event.entry(), event.leafHash(), count, headSequence, previous);
                previous = computed;
                count++;
                headSequence = event.sequence();
                if ((count & 1023) == 0 && leaves.failed()) {
                    return at(leaves.drain());
                }
                events.next();
                chain.next();
            }
        }

        /** The chain's first problem, unless a leaf of an earlier event failed: then that one. */
        Verification fail(long sequence, String reason) {
            LeafChecks.Problem earlier = leaves.drain();
            if (earlier != null) {
                return at(earlier);
            }
            return new Verification(false, count, headSequence, previous, sequence, reason, millis(), tree.size(),
                    tree.root());
        }

        Verification at(LeafChecks.Problem leaf) {
            return new Verification(false, leaf.count(), leaf.headSequence(), leaf.previous(), leaf.sequence(),
                    leaf.reason(), millis(), tree.size(), tree.root());
        }

        long millis() {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }
}
