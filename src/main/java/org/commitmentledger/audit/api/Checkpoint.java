package org.commitmentledger.audit.api;

/** A stored checkpoint (a signed tree head); {@code note} is the signed note exactly as signed. */
public record Checkpoint(long treeSize, String rootHash, String signedAt, String note) {
}
