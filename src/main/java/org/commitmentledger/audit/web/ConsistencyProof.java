package org.commitmentledger.audit.web;

import java.util.HexFormat;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.audit.TreeStore;

/** RFC 9162 consistency proof that the tree of {@code to} leaves extends the tree of {@code from} leaves. */
record ConsistencyProof(
        long from,
        long to,
        @Schema(pattern = AnswerFormats.SHA256_HEX)
        String fromRoot,
        @Schema(pattern = AnswerFormats.SHA256_HEX)
        String toRoot,
        @ArraySchema(schema = @Schema(pattern = AnswerFormats.SHA256_HEX))
        List<String> path) {

    private static final HexFormat HEX = HexFormat.of();

    static ConsistencyProof of(TreeStore.Consistency proof) {
        return new ConsistencyProof(proof.from(), proof.to(), HEX.formatHex(proof.fromRoot()),
                HEX.formatHex(proof.toRoot()), proof.path().stream().map(HEX::formatHex).toList());
    }
}
