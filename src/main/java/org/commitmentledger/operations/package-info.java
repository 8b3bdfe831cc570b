/**
 * Running the ledger: online backups of the embedded database and their verified restore, the {@code ledger} health
 * component, the ledger's own metrics beside Spring's and Axon's (docs/operations.md).
 */
package org.commitmentledger.operations;
