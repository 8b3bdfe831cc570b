package org.commitmentledger.security.api;

/** A DELEGATE is bound to one member and may only write what names that member. */
public interface Delegates {

    /** Throws 403 (AccessDeniedException) when the current user is a delegate of another member; anyone else passes. */
    void requireMayActFor(String member);
}
