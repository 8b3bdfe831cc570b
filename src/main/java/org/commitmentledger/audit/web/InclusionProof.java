package org.commitmentledger.audit.web;

import java.util.HexFormat;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.audit.TreeStore;

/** RFC 9162 inclusion proof of one event; hashes are lowercase hex, the path in RFC 9162 PATH order. */
record InclusionProof(
        long sequence,
        long leafIndex,
        long treeSize,
        @Schema(pattern = AnswerFormats.SHA256_HEX)
        String leafHash,
        @Schema(pattern = AnswerFormats.SHA256_HEX)
        String rootHash,
        @ArraySchema(schema = @Schema(pattern = AnswerFormats.SHA256_HEX))
        List<String> auditPath) {

    private static final HexFormat HEX = HexFormat.of();

    static InclusionProof of(long sequence, TreeStore.Inclusion proof) {
        return new InclusionProof(sequence, proof.leafIndex(), proof.treeSize(), HEX.formatHex(proof.leafHash()),
                HEX.formatHex(proof.rootHash()), proof.path().stream().map(HEX::formatHex).toList());
    }
}
