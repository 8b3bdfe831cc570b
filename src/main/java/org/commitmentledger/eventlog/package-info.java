/** The event store as every module reads it: Axon's event table as feed entries (the form auditors replay and hash), the events' JSON, and correction intervals. A neutral home, so that audit and history need not know each other. */
package org.commitmentledger.eventlog;
