package org.commitmentledger.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.MeterRegistry;
import org.commitmentledger.audit.api.CheckpointLog;
import org.commitmentledger.audit.api.TreeRoots;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.problem.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Online backups of the embedded H2 database (ADR 0045). H2's {@code BACKUP TO} copies the store while writes go on;
 * what the copy holds is then read from the copy itself (opened read-only inside its zip): its chain head, tree size
 * and last sequence, and its chain is recomputed from its events to that head. Only a copy whose chain verifies is
 * kept, with its sha256 and that digest in a manifest beside it. PostgreSQL is backed up with its own tools
 * (docs/operations.md).
 */
@Component
public class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    static final String MANIFEST = ".json";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final JdbcTemplate jdbc;
    private final TreeRoots tree;
    private final CheckpointLog checkpoints;
    private final BackupProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private boolean running;

    Backups(JdbcTemplate jdbc, TreeRoots tree, CheckpointLog checkpoints, BackupProperties properties, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    public Path directory() {
        return Path.of(properties.directory()).toAbsolutePath().normalize();
    }

    public int keep() {
        return properties.keep();
    }

    /** Takes a backup while writes continue; one at a time on this node. */
    public BackupManifest take() {
        requireH2();
        synchronized (this) {
            if (running) {
                throw new LedgerRuleViolation("a backup is already being taken on this node; retry when it is done");
            }
            running = true;
        }
        try {
            return copy();
        } finally {
            synchronized (this) {
                running = false;
            }
        }
    }

    /** The kept backups, newest first. */
    public List<BackupManifest> list() {
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<BackupManifest> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".zip" + MANIFEST)).toList()) {
                try {
                    found.add(JSON.readValue(file.toFile(), BackupManifest.class));
                } catch (IOException unreadable) {
                    LOG.warn("the backup manifest {} cannot be read; it is not listed", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(BackupManifest::createdAt).reversed());
        return found;
    }

    private BackupManifest copy() {
        long started = System.nanoTime();
        Path dir = directory();
        String createdAt = Instants.render(clock.instant());
        String name = "ledger-" + NAME.format(clock.instant()) + ".zip";
        Path target = dir.resolve(name);
        Path partial = dir.resolve(name + ".partial");
        try {
            Files.createDirectories(dir);
            jdbc.execute("BACKUP TO '" + partial.toString().replace("'", "''") + "'");
            String database = databaseIn(partial);
            Held held = readCopy(partial);
            String sha256 = sha256(partial);
            long bytes = Files.size(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            BackupManifest manifest = new BackupManifest(name, bytes, sha256, held.lastSequence(), held.digest(),
                    held.treeSize(), held.treeSize() == 0 ? null : HexFormat.of().formatHex(tree.root(held.treeSize())),
                    held.lastRecordedAt(), database, checkpoints.verifierKey(), createdAt);
            Path manifestFile = dir.resolve(name + MANIFEST);
            Path manifestPartial = dir.resolve(name + MANIFEST + ".partial");
            JSON.writeValue(manifestPartial.toFile(), manifest);
            Files.move(manifestPartial, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            retire();
            long millis = (System.nanoTime() - started) / 1_000_000;
            meters.timer("ledger.backups").record(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            LOG.info("backup {} taken in {} ms: {} bytes, events up to sequence {}, digest {}", name, millis, bytes,
                    held.lastSequence(), held.digest());
            return manifest;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            if (e instanceof LedgerRuleViolation || e instanceof ServiceUnavailableException) {
                throw (RuntimeException) e;
            }
            LOG.error("the backup {} failed; nothing was kept", name, e);
            throw new ServiceUnavailableException("the backup could not be taken (" + e.getMessage()
                    + "); nothing was kept", 5);
        }
    }

    /** What the copy holds, read from the copy, whose chain must lead to its own head. */
    private record Held(long lastSequence, String digest, long treeSize, String lastRecordedAt) {
    }

    private Held readCopy(Path zip) throws IOException {
        // unpacked first: H2 can open a database inside a zip, but every seek there inflates from the entry's start
        Path staging = Files.createTempDirectory(zip.getParent(), ".check-");
        try {
            return readCopy(openReadOnly(unpack(zip, staging)));
        } finally {
            deleteTree(staging);
        }
    }

    private Held readCopy(String url) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate copy = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            Map<String, Object> head = copy.queryForMap("select last_sequence, head from chain_head where id = 1");
            long lastSequence = ((Number) head.get("LAST_SEQUENCE")).longValue();
            String digest = ((String) head.get("HEAD")).trim();
            Long treeSize = copy.queryForObject("select tree_size from merkle_head where id = 1", Long.class);
            List<String> stamps = copy.queryForList("select time_stamp from domain_event_entry where global_index = ?",
                    String.class, lastSequence);
            ChainReplay.Result replay = ChainReplay.upTo(copy, lastSequence);
            if (replay.problem() != null || !digest.equals(replay.head())) {
                throw new ServiceUnavailableException("the copy's hash chain does not lead to its own head ("
                        + (replay.problem() != null ? replay.problem() : "recomputed " + replay.head())
                        + "); nothing was kept. Run GET /api/audit/verify on the ledger", 5);
            }
            return new Held(lastSequence, digest, treeSize == null ? 0 : treeSize,
                    stamps.isEmpty() ? null : Instants.render(java.time.Instant.parse(stamps.get(0))));
        } catch (SQLException e) {
            throw new IllegalStateException("the copy cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The database inside H2's backup zip: its one {@code .mv.db} entry, without the suffix. */
    static String databaseIn(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".mv.db") && !n.contains("/"))
                    .map(n -> n.substring(0, n.length() - ".mv.db".length())).findFirst()
                    .orElseThrow(() -> new IOException(zip.getFileName() + " holds no H2 database"));
        }
    }

    /** Unpacks the database of H2's backup zip into {@code into}; answers its path without {@code .mv.db}. */
    static Path unpack(Path zip, Path into) throws IOException {
        String database = databaseIn(zip);
        Path unpacked = into.resolve(RestoreCommand.DATABASE);
        try (ZipFile file = new ZipFile(zip.toFile());
             InputStream in = file.getInputStream(file.getEntry(database + ".mv.db"))) {
            Files.copy(in, into.resolve(RestoreCommand.DATABASE + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        return unpacked;
    }

    /** The JDBC URL that opens an unpacked copy without changing it. */
    static String openReadOnly(Path database) {
        return "jdbc:h2:file:" + database + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}", dir, e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Keeps the newest {@code keep} backups. */
    private void retire() {
        List<BackupManifest> kept = list();
        for (BackupManifest old : kept.subList(Math.min(properties.keep(), kept.size()), kept.size())) {
            deleteQuietly(directory().resolve(old.file()));
            deleteQuietly(directory().resolve(old.file() + MANIFEST));
            LOG.info("backup {} removed: {} newer ones are kept (ledger.backup.keep)", old.file(), properties.keep());
        }
    }

    private void requireH2() {
        String url = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getURL());
        if (url == null || !url.startsWith("jdbc:h2:")) {
            throw new LedgerRuleViolation("online backups are for the embedded H2 database; this ledger runs on "
                    + "another database: back it up with its own tools (pg_dump, point-in-time recovery), then "
                    + "verify the restored copy with docs/audit/Verify.java against the digest kept at backup time "
                    + "(docs/operations.md)");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}", file, e);
        }
    }
}
