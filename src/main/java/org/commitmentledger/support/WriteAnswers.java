package org.commitmentledger.support;

/**
 * Stores a write's answer in the write's own transaction, for requests that carry an {@code Idempotency-Key}: the
 * event and the answer a retry must get commit together, so a lost answer is never a lost outcome (ADR 0010, 0020).
 * The idempotency filter puts its claim on the request under {@link #CLAIM_ATTRIBUTE}; the write path marks the
 * request with {@link #RECORDED_ATTRIBUTE} once the answer was committed that way.
 */
public interface WriteAnswers {

    String CLAIM_ATTRIBUTE = WriteAnswers.class.getName() + ".claim";
    String RECORDED_ATTRIBUTE = WriteAnswers.class.getName() + ".recorded";

    /** Records the answer of the request that holds {@code claim}; false if another request holds that key now. */
    boolean record(Object claim, int status, String contentType, String location, byte[] body);
}
