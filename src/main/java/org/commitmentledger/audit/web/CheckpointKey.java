package org.commitmentledger.audit.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The key that signs checkpoints, in the forms an auditor's tools take. */
record CheckpointKey(
        @Schema(allowableValues = "Ed25519")
        String algorithm,
        String origin,
        String keyName,
        @Schema(description = "4 bytes as lowercase hex", pattern = "^[0-9a-f]{8}$")
        String keyId,
        @Schema(description = "The signed-note verifier key: keyName+keyId+base64(0x01 || key)")
        String verifierKey,
        @Schema(description = "Base64 of the 32 raw key bytes", format = "byte")
        String publicKey,
        @Schema(description = "The key as a PEM SubjectPublicKeyInfo")
        String publicKeyPem) {
}
