package org.commitmentledger.write;

/**
 * A write that was recorded: the global {@code sequence} of its event, and what the command answered.
 *
 * @param <R> the command's own answer
 */
public record Recorded<R>(long sequence, R answer) {
}
