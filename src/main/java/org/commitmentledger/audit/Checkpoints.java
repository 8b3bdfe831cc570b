package org.commitmentledger.audit;

import org.commitmentledger.audit.api.Checkpoint;
import org.commitmentledger.audit.api.CheckpointLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.commitmentledger.kernel.Instants;
import org.commitmentledger.write.StoredCommits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signed tree heads (ADR 0022): the tree's origin, size, root hash and time as a C2SP tlog-checkpoint, signed as a
 * C2SP signed note with the ledger's Ed25519 key, stored for ever. A new one is signed once the tree grew and either
 * the interval passed or enough events were appended since the last; nodes sharing a database may both sign a
 * size, the first stored wins.
 */
@Component
public class Checkpoints implements CheckpointLog {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final String DASH = "\u2014 ";

    private final JdbcTemplate jdbc;
    private final TreeStore tree;
    private final SigningKey key;
    private final AuditProperties properties;
    private final Clock clock;
    private final StoredCommits storedCommits;
    private volatile boolean failing;

    Checkpoints(JdbcTemplate jdbc, TreeStore tree, SigningKey key, AuditProperties properties, Clock clock,
                StoredCommits storedCommits) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.key = key;
        this.properties = properties;
        this.clock = clock;
        this.storedCommits = storedCommits;
    }

    @Scheduled(initialDelayString = "${ledger.audit.checkpoint-poll:PT1S}",
            fixedDelayString = "${ledger.audit.checkpoint-poll:PT1S}")
    void onSchedule() {
        try {
            signIfDue();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("could not sign a checkpoint; retrying every poll, quietly until it succeeds", e);
            }
            failing = true;
        }
    }

    /** Signs a checkpoint of the current tree if it grew and one is due. */
    Optional<Checkpoint> signIfDue() {
        long size = tree.head().size();
        // never sign leaves a crash could still take back (ADR 0067)
        storedCommits.awaitStored();
        Optional<Checkpoint> latest = latest();
        if (size == 0 || latest.isPresent() && latest.get().treeSize() >= size) {
            return Optional.empty();
        }
        if (latest.isPresent()) {
            Duration since = Duration.between(Instant.parse(latest.get().signedAt()), clock.instant());
            if (since.compareTo(properties.checkpointInterval()) < 0
                    && size - latest.get().treeSize() < properties.checkpointEvents()) {
                return Optional.empty();
            }
        }
        return Optional.of(sign(size));
    }

    /** Signs and stores a checkpoint of the tree's first {@code size} leaves, due or not. */
    Checkpoint sign(long size) {
        byte[] root = tree.root(size);
        String signedAt = Instants.render(clock.instant());
        String body = properties.origin() + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n"
                + "time " + signedAt + "\n";
        byte[] signature = key.sign(body.getBytes(StandardCharsets.UTF_8));
        byte[] keyed = new byte[4 + signature.length];
        System.arraycopy(key.keyId(), 0, keyed, 0, 4);
        System.arraycopy(signature, 0, keyed, 4, signature.length);
        String note = body + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(keyed) + "\n";
        Checkpoint checkpoint = new Checkpoint(size, MerkleTree.hex(root), signedAt, note);
        try {
            jdbc.update("insert into audit_checkpoint (tree_size, root_hash, signed_at, note) values (?, ?, ?, ?)",
                    size, checkpoint.rootHash(), signedAt, note);
            return checkpoint;
        } catch (DuplicateKeyException signedElsewhere) {
            return at(size).orElse(checkpoint);
        }
    }

    @Override
    public Optional<Checkpoint> latest() {
        return jdbc.query("select tree_size, root_hash, signed_at, note from audit_checkpoint "
                + "order by tree_size desc fetch first 1 rows only", (rs, i) -> row(rs)).stream().findFirst();
    }

    public Optional<Checkpoint> at(long size) {
        return jdbc.query("select tree_size, root_hash, signed_at, note from audit_checkpoint where tree_size = ?",
                (rs, i) -> row(rs), size).stream().findFirst();
    }

    /** Checkpoints of trees larger than {@code after}, smallest first. */
    public List<Checkpoint> after(long after, int limit) {
        return jdbc.query("select tree_size, root_hash, signed_at, note from audit_checkpoint where tree_size > ? "
                + "order by tree_size fetch first " + limit + " rows only", (rs, i) -> row(rs), after);
    }

    /** Whether the note carries a valid signature by this ledger's key over its text (checked as an auditor would). */
    public boolean signatureValid(Checkpoint checkpoint) {
        String note = checkpoint.note();
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return false;
        }
        byte[] text = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        for (String line : note.substring(split + 2).split("\n")) {
            String prefix = DASH + key.name() + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            byte[] keyed;
            try {
                keyed = Base64.getDecoder().decode(line.substring(prefix.length()));
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            if (keyed.length == 68 && Arrays.equals(Arrays.copyOf(keyed, 4), key.keyId())
                    && key.verify(text, Arrays.copyOfRange(keyed, 4, 68))) {
                return true;
            }
        }
        return false;
    }

    public String origin() {
        return properties.origin();
    }

    public String keyName() {
        return key.name();
    }

    public String keyId() {
        return MerkleTree.hex(key.keyId());
    }

    @Override
    public String verifierKey() {
        return key.verifierKey();
    }

    public String publicKey() {
        return Base64.getEncoder().encodeToString(key.rawPublicKey());
    }

    public String publicKeyPem() {
        return key.publicKeyPem();
    }

    private static Checkpoint row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Checkpoint(rs.getLong(1), rs.getString(2).trim(), rs.getString(3), rs.getString(4));
    }
}
