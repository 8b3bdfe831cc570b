/** The shared write path: one writer that appends each command's event, chain link, projection rows and idempotency record in one transaction, and answers only after the commit. */
package org.commitmentledger.write;
