package org.commitmentledger.operations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code bin/ledger restore <file> [--data DIR] [--sha256 HEX] [--digest HEX --sequence N]}: restores an online
 * backup into an empty directory, as the database {@code DIR/ledger}, without starting the service (ADR 0045). It
 * refuses a target that is not empty, a file whose sha256 is not the one recorded at backup, and a file whose hash
 * chain does not lead to the digest recorded at backup. The recorded values come from the manifest beside the file
 * ({@code <file>.json}) unless given: give the ones you kept elsewhere, since a manifest can be replaced along with
 * its file. Exit code 0 restored, 1 refused, 2 wrong usage.
 */
public final class RestoreCommand {

    static final String DATABASE = "ledger";

    private RestoreCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Why a restore is refused; nothing is left in the target. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        Path data = Path.of("data");
        String sha256 = null;
        String digest = null;
        Long sequence = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(args[++i]);
                    case "--sha256" -> sha256 = hex(args[++i], "--sha256");
                    case "--digest" -> digest = hex(args[++i], "--digest");
                    case "--sequence" -> sequence = Long.parseLong(args[++i]);
                    default -> {
                        if (args[i].startsWith("--") || file != null) {
                            return usage(err, "unexpected argument " + args[i]);
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            return usage(err, e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value"
                    : e.getMessage());
        }
        if (file == null) {
            return usage(err, "no backup file given");
        }
        if ((digest == null) != (sequence == null)) {
            return usage(err, "--digest and --sequence go together");
        }
        try {
            String summary = restore(file.toAbsolutePath(), data.toAbsolutePath().normalize(), sha256, digest,
                    sequence);
            out.println(summary);
            return 0;
        } catch (Refused refused) {
            err.println("restore refused: " + refused.getMessage());
            return 1;
        }
    }

    private static String restore(Path file, Path data, String sha256, String digest, Long sequence) throws Refused {
        if (!Files.isRegularFile(file)) {
            throw new Refused("no backup file at " + file);
        }
        if (Files.exists(data) && !empty(data)) {
            throw new Refused("the target directory " + data + " is not empty: a restore never writes over a "
                    + "ledger; give an empty or new directory with --data");
        }
        BackupManifest manifest = manifest(file, sha256 == null || digest == null);
        String expectedSha = sha256 != null ? sha256 : manifest.sha256();
        String expectedDigest = digest != null ? digest : manifest.digest();
        long expectedSequence = sequence != null ? sequence : manifest.lastSequence();
        String actualSha;
        try {
            actualSha = Backups.sha256(file);
        } catch (IOException e) {
            throw new Refused("the backup file cannot be read: " + e.getMessage());
        }
        if (!actualSha.equals(expectedSha)) {
            throw new Refused("the file's sha256 is " + actualSha + " but the backup recorded " + expectedSha
                    + ": the file is damaged, or it is not that backup");
        }
        Path staging;
        try {
            Files.createDirectories(data.getParent());
            staging = Files.createTempDirectory(data.getParent(), ".restore-");
        } catch (IOException e) {
            throw new Refused("cannot prepare " + data + ": " + e.getMessage());
        }
        try {
            try {
                Backups.unpack(file, staging);
            } catch (java.util.zip.ZipException e) {
                throw new Refused("the file is not a readable backup: " + e.getMessage());
            }
            ChainReplay.Result replay = replay(staging, expectedSequence);
            if (replay.problem() != null || !expectedDigest.equals(replay.head())) {
                throw new Refused("the file's hash chain does not verify against the digest recorded at backup: "
                        + (replay.problem() != null ? replay.problem() : "its events up to sequence "
                        + expectedSequence + " lead to " + replay.head() + ", the backup recorded "
                        + expectedDigest));
            }
            Files.createDirectories(data);
            Files.move(staging.resolve(DATABASE + ".mv.db"), data.resolve(DATABASE + ".mv.db"));
            return "restored " + file.getFileName() + " into " + data + ": " + replay.events() + " events up to "
                    + "sequence " + expectedSequence + ", whose hash chain leads to the recorded digest "
                    + expectedDigest + ".\nStart the ledger on it with --spring.datasource.url=jdbc:h2:file:"
                    + data.resolve(DATABASE) + " and the checkpoint signing key it had "
                    + "(--ledger.audit.signing-key-file=...), then check the whole history:\n"
                    + "  java docs/audit/Verify.java URL auditor " + expectedDigest + " " + expectedSequence;
        } catch (IOException e) {
            throw new Refused("the backup cannot be unpacked: " + e.getMessage());
        } finally {
            Backups.deleteTree(staging);
        }
    }

    private static BackupManifest manifest(Path file, boolean needed) throws Refused {
        Path manifest = file.resolveSibling(file.getFileName() + Backups.MANIFEST);
        if (!Files.exists(manifest)) {
            if (needed) {
                throw new Refused("no manifest " + manifest + " beside the file: give the values kept at backup "
                        + "time with --sha256 HEX --digest HEX --sequence N");
            }
            return null;
        }
        try {
            return Backups.JSON.readValue(manifest.toFile(), BackupManifest.class);
        } catch (IOException e) {
            throw new Refused("the manifest " + manifest + " cannot be read: " + e.getMessage());
        }
    }

    private static ChainReplay.Result replay(Path staging, long sequence) throws Refused {
        try (Connection connection = DriverManager.getConnection(Backups.openReadOnly(staging.resolve(DATABASE)),
                "sa", "")) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            Map<String, Object> head = jdbc.queryForMap("select last_sequence, head from chain_head where id = 1");
            if (((Number) head.get("LAST_SEQUENCE")).longValue() < sequence) {
                return new ChainReplay.Result(null, 0, "the file's chain ends at sequence "
                        + head.get("LAST_SEQUENCE") + ", before the recorded " + sequence);
            }
            return ChainReplay.upTo(jdbc, sequence);
        } catch (SQLException | RuntimeException e) {
            throw new Refused("the restored database cannot be read: " + e.getMessage());
        }
    }

    private static boolean empty(Path dir) throws Refused {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new Refused("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static String hex(String value, String option) {
        if (!value.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(option + " takes 64 hex characters");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: bin/ledger restore FILE [--data DIR] [--sha256 HEX] [--digest HEX --sequence N]");
        err.println("  restores an online backup (POST /api/admin/backups) into the empty directory DIR (default");
        err.println("  ./data) as the database DIR/ledger. The recorded sha256 and digest are read from FILE.json");
        err.println("  unless given.");
        return 2;
    }
}
