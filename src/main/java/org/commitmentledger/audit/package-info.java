/**
 * The hash chain and the Merkle tree over the events: computed at append, verified, summed up in digests and signed
 * checkpoints.
 */
package org.commitmentledger.audit;
