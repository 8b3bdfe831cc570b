/**
 * The projection engine (ADR 0020): one fold of every event into the projection rows, applied by the write path in
 * each event's own transaction and by rebuilds in bulk into a new generation that every node then switches to.
 */
package org.commitmentledger.projection;
