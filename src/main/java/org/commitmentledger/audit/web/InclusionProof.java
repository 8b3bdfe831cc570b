package org.commitmentledger.audit.web;

import java.util.HexFormat;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.audit.TreeStore;

/** RFC 9162 inclusion proof of one event; hashes are lowercase hex, the path in RFC 9162 PATH order. */
record InclusionProof(
        long sequence,
        long leafIndex,
        long treeSize,
        @Schema(pattern = "^[0-9a-f]{64}$")
        String leafHash,
        @Schema(pattern = "^[0-9a-f]{64}$")
        String rootHash,
        @ArraySchema(schema = @Schema(pattern = "^[0-9a-f]{64}$"))
        List<String> auditPath) {

    private static final HexFormat HEX = HexFormat.of();

    static InclusionProof of(long sequence, TreeStore.Inclusion proof) {
        return new InclusionProof(sequence, proof.leafIndex(), proof.treeSize(), HEX.formatHex(proof.leafHash()),
                HEX.formatHex(proof.rootHash()), proof.path().stream().map(HEX::formatHex).toList());
    }
}
