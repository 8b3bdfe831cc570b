package org.commitmentledger.problem;

/** The fund, pledge or member named in the path does not exist (at the requested point in time): 404. */
public class UnknownResourceException extends RuntimeException {

    public UnknownResourceException(String message) {
        super(message);
    }
}
