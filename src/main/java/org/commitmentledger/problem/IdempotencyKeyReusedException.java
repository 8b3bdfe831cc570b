package org.commitmentledger.problem;

/**
 * The request's {@code Idempotency-Key} was used before for another request, and this one passed every other check:
 * 422, decided last so that a malformed, forbidden or refused request gets the answer that says so (ADR 0031).
 */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String user) {
        super("this Idempotency-Key was already used by " + user + " for another request (another body or "
                + "endpoint); nothing was recorded. Use a new key for a new request");
    }
}
