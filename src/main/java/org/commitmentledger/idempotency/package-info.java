/**
 * Idempotent POSTs: a retry with the same {@code Idempotency-Key} and the same body gets the first answer, error or
 * not, and records nothing new (ADR 0010).
 */
package org.commitmentledger.idempotency;
