/** Audit endpoints: digest, verification, proofs, checkpoints and the checkpoint key. */
package org.commitmentledger.audit.web;
