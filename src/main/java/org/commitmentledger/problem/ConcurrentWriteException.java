package org.commitmentledger.problem;

/** Another request won a race this one cannot wait out; nothing was recorded by this one: 409, worth retrying. */
public class ConcurrentWriteException extends RuntimeException {

    public ConcurrentWriteException(String message) {
        super(message);
    }
}
