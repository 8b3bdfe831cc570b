package org.commitmentledger.audit.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;
import org.commitmentledger.audit.ChainStore;

/** The hash chain's head: the value an auditor keeps outside the system and later checks the ledger against. */
record ChainDigest(
        @Schema(description = "Global sequence of the newest chained event; 0 before the first")
        long sequence,
        @Schema(description = "The chain hash after that event, lowercase hex", pattern = AnswerFormats.SHA256_HEX)
        String head,
        @Schema(description = "When that event was recorded; null before the first", format = "date-time",
                nullable = true)
        String recordedAt) {

    static ChainDigest of(ChainStore.Digest digest) {
        return new ChainDigest(digest.sequence(), digest.head(), digest.recordedAt());
    }
}
