package org.commitmentledger.write;

import org.commitmentledger.problem.IdempotencyKeyReusedException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Stores a write's answer in the write's own transaction, for requests that carry an {@code Idempotency-Key}: the
 * event and the answer a retry must get commit together, so a lost answer is never a lost outcome (ADR 0010, 0020).
 * The idempotency filter puts its claim on the request under {@link #CLAIM_ATTRIBUTE}; the write path marks the
 * request with {@link #RECORDED_ATTRIBUTE} once the answer was committed that way. A request whose key was used
 * for another request carries {@link #REUSED_ATTRIBUTE} (the user's name) instead of a claim: it is judged like any
 * other and refused with 422 only where it would act (ADR 0031).
 */
public interface WriteAnswers {

    String CLAIM_ATTRIBUTE = WriteAnswers.class.getName() + ".claim";
    String RECORDED_ATTRIBUTE = WriteAnswers.class.getName() + ".recorded";
    String REUSED_ATTRIBUTE = WriteAnswers.class.getName() + ".reused";

    /**
     * For a state-changing endpoint that does not write through {@link LedgerWrites}: call it right before acting,
     * after every other check; it throws 422 when the request's Idempotency-Key belongs to another request.
     */
    static void refuseReusedKey() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object user = request == null ? null : request.getAttribute(REUSED_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (user != null) {
            throw new IdempotencyKeyReusedException(user.toString());
        }
    }

    /** Records the answer of the request that holds {@code claim}; false if another request holds that key now. */
    boolean record(Object claim, int status, String contentType, String location, byte[] body);
}
