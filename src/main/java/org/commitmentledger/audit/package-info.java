/** The hash chain over the events: computed at append, verified against the store, summed up in a digest. */
package org.commitmentledger.audit;
