package org.commitmentledger.audit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.audit.ChainStore;

/**
 * The whole chain and Merkle tree recomputed from the stored events. {@code firstInvalidSequence} and {@code reason}
 * are there only when the history is not valid, so a valid answer carries no empty problem.
 */
record ChainVerification(
        boolean valid,
        @Schema(description = "How many events were checked")
        long events,
        @Schema(description = "Sequence of the last event that checked out")
        long headSequence,
        @Schema(description = "The chain hash at headSequence, lowercase hex", pattern = AnswerFormats.SHA256_HEX)
        String head,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only when not valid: the earliest event found altered, removed or inserted",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        Long firstInvalidSequence,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only when not valid: what was found", requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String reason,
        @Schema(description = "How long the check took")
        long millis,
        @Schema(description = "How many Merkle leaves were recomputed")
        long treeSize,
        @Schema(description = "The recomputed Merkle root of treeSize leaves, lowercase hex",
                pattern = AnswerFormats.SHA256_HEX)
        String rootHash) implements VerificationAnswer {

    static ChainVerification of(ChainStore.Verification v) {
        return new ChainVerification(v.valid(), v.events(), v.headSequence(), v.head(),
                v.valid() ? null : v.firstInvalidSequence(), v.valid() ? null : v.reason(), v.millis(), v.treeSize(),
                v.rootHash());
    }
}
