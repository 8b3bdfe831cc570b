package org.commitmentledger.support;

/** The processing group of every rebuildable projection: one streaming processor, one token (ADR 0005). */
public final class Projections {

    public static final String GROUP = "projections";

    private Projections() {
    }
}
