package org.commitmentledger.problem;

import java.io.IOException;

/**
 * Thrown by a request body's stream once more than the allowed bytes arrived (a chunked body has no Content-Length to
 * refuse up front); answered 413 wherever it surfaces (ADR 0027).
 */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
