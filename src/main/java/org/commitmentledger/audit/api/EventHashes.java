package org.commitmentledger.audit.api;

import java.util.List;

import org.commitmentledger.eventlog.FeedEntry;

/** The hash-chain link of each stored event, for reads that show which event set a figure. */
public interface EventHashes {

    /** The same entries, each with its chain hash; entries are in feed order. */
    List<FeedEntry> withHashes(List<FeedEntry> entries);
}
