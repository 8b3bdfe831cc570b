/** Reads Axon's event table straight into feed entries, the form auditors replay and hash. */
package org.commitmentledger.history.query;
