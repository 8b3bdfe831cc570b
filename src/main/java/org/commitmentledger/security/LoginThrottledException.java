package org.commitmentledger.security;

import org.springframework.security.core.AuthenticationException;

/** A login refused by {@link LoginThrottle} before its password was checked: 429 with Retry-After. */
class LoginThrottledException extends AuthenticationException {

    private final long retryAfterSeconds;

    LoginThrottledException(String message, long nanosToWait) {
        super(message);
        this.retryAfterSeconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
