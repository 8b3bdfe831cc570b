package org.commitmentledger.read;

/**
 * The first three fields of every read answer: the two times echoed, at millisecond precision, and the newest
 * sequence recorded by asOf. Answer records repeat them as their first components, so that their schemas list them
 * where the JSON has them.
 */
public record AnswerHeader(String asOf, String effectiveAt, long lastSequence) {
}
