package org.commitmentledger.pledge.api;

/** REVISION: a new decision from its effectiveAt. CORRECTION: the figure in force was wrong (ADR 0006). */
public enum RevisionKind {
    REVISION, CORRECTION
}
