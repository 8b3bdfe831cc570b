/** What other modules may use of the audit trail: the hash chain's rule, its canonical form, the events' hashes, the tree's roots and the signed checkpoints. */
package org.commitmentledger.audit.api;
