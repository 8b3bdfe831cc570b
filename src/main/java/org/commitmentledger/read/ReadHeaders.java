package org.commitmentledger.read;

import org.commitmentledger.eventlog.StoredEvents;
import org.springframework.stereotype.Component;

/** The start of every read answer: the two times echoed and the newest sequence recorded by asOf. */
@Component
public class ReadHeaders {

    private final StoredEvents events;

    ReadHeaders(StoredEvents events) {
        this.events = events;
    }

    public AnswerHeader header(PointInTime at) {
        return at.header(events.lastSequence(at.asOf()));
    }

    /** The header's {@code lastSequence} alone. */
    public long lastSequence(PointInTime at) {
        return events.lastSequence(at.asOf());
    }
}
