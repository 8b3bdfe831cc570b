package org.commitmentledger.audit.api;

/** The Merkle tree's root over the first {@code size} events, for what records a tree size elsewhere (backups). */
public interface TreeRoots {

    byte[] root(long size);
}
