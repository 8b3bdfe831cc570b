package org.commitmentledger.audit.web;

import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.audit.api.Checkpoint;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.audit.Checkpoints;

/** One signed checkpoint of the Merkle tree; {@code note} is the C2SP signed note exactly as signed. */
record SignedCheckpoint(
        String origin,
        long treeSize,
        @Schema(description = "Merkle root of treeSize leaves, lowercase hex", pattern = AnswerFormats.SHA256_HEX)
        String rootHash,
        @Schema(format = "date-time")
        String signedAt,
        @Schema(description = "The signing key's id, 4 bytes as lowercase hex", pattern = "^[0-9a-f]{8}$")
        String keyId,
        @Schema(description = "The service's own check of the signature")
        boolean signatureValid,
        @Schema(description = "The signed note, byte for byte as signed")
        String note) {

    static SignedCheckpoint of(Checkpoint checkpoint, Checkpoints checkpoints) {
        return new SignedCheckpoint(checkpoints.origin(), checkpoint.treeSize(), checkpoint.rootHash(),
                checkpoint.signedAt(), checkpoints.keyId(), checkpoints.signatureValid(checkpoint), checkpoint.note());
    }
}
