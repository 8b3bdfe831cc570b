package org.commitmentledger.projection.api;

/** The processing group of the projections: a subscribing processor in the write transaction (ADR 0020). */
public final class Projections {

    public static final String GROUP = "projections";

    private Projections() {
    }
}
