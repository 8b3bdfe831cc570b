package org.commitmentledger.write;

/**
 * Lets tests of other packages stand in for the writer between a commit's start and its store (ADR 0067): what
 * {@link StoredCommits} tells readers is then under the test's control.
 */
public final class CommitsUnderWay {

    private CommitsUnderWay() {
    }

    /** A commit is under way from now until {@link #stored} is called with the answer. */
    public static long begin(StoredCommits commits) {
        return commits.committing();
    }

    public static void stored(StoredCommits commits, long ticket) {
        commits.stored(ticket);
    }
}
