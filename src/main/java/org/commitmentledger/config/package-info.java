/** Axon and JSON configuration: the pinned stored form of events, the strict API JSON, the clock. */
package org.commitmentledger.config;
