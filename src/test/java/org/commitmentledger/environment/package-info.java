/**
 * What some tests need from the machine (a PostgreSQL server, Chromium) and what happens without it: skipped with one
 * loud line and listed at the end of the run, or a failure under {@code CI=true} (ADR 0029, 0030).
 */
package org.commitmentledger.environment;
