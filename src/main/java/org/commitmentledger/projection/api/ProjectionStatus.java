package org.commitmentledger.projection.api;

/** What other modules may ask of the projection engine: which generation serves reads, and whether one is built. */
public interface ProjectionStatus {

    /** What serves reads, what is being built and how far it is. */
    GenerationStatus status();

    /** True while a rebuild is running on some node. */
    boolean isRebuilding();
}
