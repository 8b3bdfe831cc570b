package org.commitmentledger.read;

import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import java.time.Clock;
import java.time.Instant;

/**
 * The two times of a read: {@code asOf} (record time, default now) and {@code effectiveAt} (valid time, default
 * {@code asOf}), both at millisecond precision (ADR 0003).
 */
public record PointInTime(Instant asOf, Instant effectiveAt) {

    public static PointInTime parse(String asOf, String effectiveAt, Clock clock) {
        Input input = Input.check();
        Instant recorded = input.asOf(asOf, clock);
        Instant effective = effectiveAt == null ? recorded : input.instant("effectiveAt", effectiveAt, true);
        input.done();
        return new PointInTime(recorded, effective);
    }

    public long asOfMillis() {
        return asOf.toEpochMilli();
    }

    public long effectiveMillis() {
        return effectiveAt.toEpochMilli();
    }

    /** The start of every read answer: the two times echoed and the newest sequence recorded by asOf. */
    public AnswerHeader header(long lastSequence) {
        return new AnswerHeader(Instants.render(asOf), Instants.render(effectiveAt), lastSequence);
    }
}
