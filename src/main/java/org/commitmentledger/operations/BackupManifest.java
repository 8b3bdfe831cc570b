package org.commitmentledger.operations;

/**
 * What a backup holds, written beside it as {@code <file>.json} and answered by the backup endpoint. {@code digest}
 * is the hash chain's head after event {@code lastSequence}, read from the copy itself: the value a restore must lead
 * to, and the one {@code docs/audit/Verify.java URL USER DIGEST SEQUENCE} checks a restored ledger against. Keep it
 * (and {@code sha256}) somewhere else than the backup.
 */
public record BackupManifest(String file, long bytes, String sha256, long lastSequence, String digest,
                             long treeSize, String rootHash, String lastRecordedAt, String database,
                             String verifierKey, String createdAt) {
}
