/** Rebuilding the projections from the event store, and their progress. */
package org.commitmentledger.projection;
