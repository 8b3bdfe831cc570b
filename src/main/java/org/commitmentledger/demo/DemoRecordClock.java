package org.commitmentledger.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Axon's record clock ({@code GenericEventMessage.clock}) in the demo: the server's clock at millisecond precision,
 * except for a write made by the {@link DemoSeed#ACTOR} while the seeding has set an instant, which is recorded at
 * that instant. The writer thread runs each write under the security context of the request that sent it, so the
 * actor identifies the seeding's own writes: a client's write during the seeding still gets the server's time.
 */
final class DemoRecordClock extends Clock {

    private final Clock server = Clock.tickMillis(ZoneOffset.UTC);
    private volatile Instant seeded;

    /** Records the seeding's next writes at {@code instant}; null gives them the server's time again. */
    void set(Instant instant) {
        this.seeded = instant;
    }

    @Override
    public Instant instant() {
        Instant at = seeded;
        if (at != null && bySeeding()) {
            return at;
        }
        return server.instant();
    }

    private static boolean bySeeding() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && DemoSeed.ACTOR.equals(auth.getName());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return server.withZone(zone);
    }
}
