package org.commitmentledger.operations;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/**
 * What a backup holds, written beside it as {@code <file>.json} and answered by the backup endpoint. {@code digest}
 * is the hash chain's head after event {@code lastSequence}, read from the copy itself: the value a restore must lead
 * to, and the one {@code docs/audit/Verify.java URL USER DIGEST SEQUENCE} checks a restored ledger against. Keep it
 * (and {@code sha256}) somewhere else than the backup.
 */
public record BackupManifest(
        @Schema(description = "The backup's file name in the backup directory")
        String file,
        long bytes,
        @Schema(description = "SHA-256 of the file, lowercase hex", pattern = AnswerFormats.SHA256_HEX)
        String sha256,
        @Schema(description = "The last event in the copy; 0 when it holds none")
        long lastSequence,
        @Schema(description = "The hash chain's head at lastSequence, as GET /api/audit/digest gives it",
                pattern = AnswerFormats.SHA256_HEX)
        String digest,
        long treeSize,
        @Schema(description = "The copy's Merkle root of treeSize leaves; null when the tree is empty",
                pattern = AnswerFormats.SHA256_HEX, nullable = true)
        String rootHash,
        @Schema(description = "When event lastSequence was recorded; null when the copy holds no event",
                format = "date-time", nullable = true)
        String lastRecordedAt,
        String database,
        @Schema(description = "The checkpoint key in use, as a signed-note verifier key")
        String verifierKey,
        @Schema(format = "date-time")
        String createdAt) {
}
