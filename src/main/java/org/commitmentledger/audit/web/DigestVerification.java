package org.commitmentledger.audit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/** Whether the stored history still leads to a digest taken earlier; {@code reason} only when it does not. */
record DigestVerification(
        boolean valid,
        long sequence,
        @Schema(description = "The digest given, lowercase", pattern = AnswerFormats.SHA256_HEX)
        String expected,
        @Schema(description = "The hash the stored events lead to at sequence; null when they lead to none",
                pattern = AnswerFormats.SHA256_HEX, nullable = true)
        String actual,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only when not valid: what was found", requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String reason) implements VerificationAnswer {
}
