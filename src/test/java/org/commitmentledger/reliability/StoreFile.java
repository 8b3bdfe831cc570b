package org.commitmentledger.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event store as the H2 file holds it, read directly with JDBC while no ledger has it open: after a kill -9 from a
 * copy of the file (so that the ledger's own restart, not this reader, is the first to open the original), after a
 * graceful stop from the file itself. This is the ground truth the API's answers are checked against.
 */
final class StoreFile {

    /** One stored event: where it sits globally and in its aggregate, its type and its payload text. */
    record StoredEvent(long globalIndex, String aggregateId, long aggregateSequence, String type, String payload) {
    }

    /** What the file holds. */
    record Contents(List<StoredEvent> events, long chainRows, long eventsWithoutChainRow, long snapshots) {

        Map<Long, StoredEvent> byGlobalIndex() {
            Map<Long, StoredEvent> map = new LinkedHashMap<>();
            events.forEach(e -> map.put(e.globalIndex(), e));
            return map;
        }

        /** Aggregates whose sequence numbers are not exactly 0, 1, …, n − 1, with what they hold. */
        Map<String, List<Long>> aggregatesWithGaps() {
            Map<String, List<Long>> sequences = new TreeMap<>();
            events.forEach(e -> sequences.computeIfAbsent(e.aggregateId(), k -> new ArrayList<>())
                    .add(e.aggregateSequence()));
            Map<String, List<Long>> broken = new TreeMap<>();
            sequences.forEach((aggregate, list) -> {
                list.sort(Long::compare);
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) != i) {
                        broken.put(aggregate, list);
                        return;
                    }
                }
            });
            return broken;
        }

        /** Global indexes not taken by any stored event, from 1 to the highest (rollbacks and crashes leave them). */
        long holes() {
            long max = events.stream().mapToLong(StoredEvent::globalIndex).max().orElse(0);
            return max - events.size();
        }
    }

    private StoreFile() {
    }

    /** Copies {@code <database>.mv.db} next to itself and reads the copy. */
    static Contents readCopy(Path database) {
        Path file = Path.of(database + ".mv.db");
        Path copyDir = database.getParent().resolve("copy");
        Path copy = copyDir.resolve(database.getFileName() + ".mv.db");
        try {
            Files.createDirectories(copyDir);
            Files.deleteIfExists(Path.of(copyDir.resolve(database.getFileName()) + ".trace.db"));
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            return read(copyDir.resolve(database.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Contents read(Path database) {
        String url = "jdbc:h2:file:" + database.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select global_index, aggregate_identifier, sequence_number, "
                    + "payload_type, payload from domain_event_entry order by global_index")) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            new String(rs.getBytes(5), StandardCharsets.UTF_8)));
                }
            }
            long chainRows = single(s, "select count(*) from event_chain");
            long unchained = single(s, "select count(*) from domain_event_entry d where not exists "
                    + "(select 1 from event_chain c where c.global_index = d.global_index)");
            long snapshots = single(s, "select count(*) from snapshot_event_entry");
            s.execute("shutdown");
            return new Contents(events, chainRows, unchained, snapshots);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + url, e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
