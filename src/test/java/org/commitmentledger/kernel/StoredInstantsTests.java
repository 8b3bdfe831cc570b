package org.commitmentledger.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The shortcut for stored times must answer exactly what parsing and rendering answers, for every text the event
 * store can hold and for texts someone wrote into it by hand.
 */
class StoredInstantsTests {

    @Test
    void rendersEveryStoredInstantAsParsingAndRenderingDoes() {
        Random random = new Random(4217);
        for (int i = 0; i < 100_000; i++) {
            long range = Instants.MAX.getEpochSecond() - Instants.MIN.getEpochSecond();
            long seconds = Math.floorMod(random.nextLong(), range) + Instants.MIN.getEpochSecond();
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String stored = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(Instants.renderStored(stored)).as(stored).isEqualTo(Instants.render(Instant.parse(stored)));
        }
    }

    @Test
    void rendersShortFractionsLeapDaysAndYearZeroAsParsingDoes() {
        for (String stored : new String[] {"2024-07-10T12:00:00Z", "2024-07-10T12:00:00.1Z", "2024-07-10T12:00:00.12Z",
                "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9999Z",
                "2000-02-29T00:00:00.0001Z"}) {
            assertThat(Instants.renderStored(stored)).as(stored).isEqualTo(Instants.render(Instant.parse(stored)));
        }
    }

    @Test
    void refusesWhatParsingRefuses() {
        for (String stored : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
                "2024-04-31T00:00:00Z", "2024-07-10T12:60:00Z",
                "2024-07-10T12:00:00.1234567890Z", "2024-07-10 12:00:00Z", "2024-07-10T12:00:00", "2024-7-10T12:00:00Z",
                "２０２４-07-10T12:00:00Z", "2024-07-10T12:00:00+01:00x", "garbage"}) {
            assertThat(outcome(() -> Instants.renderStored(stored))).as(stored)
                    .isEqualTo(outcome(() -> Instants.render(Instant.parse(stored))))
                    .isEqualTo(DateTimeParseException.class.getName());
        }
    }

    @Test
    void leavesOtherShapesToTheFormatterAndAnswersWhatItAnswers() {
        for (String stored : new String[] {"2024-07-10T12:00:00+02:00", "+10000-01-01T00:00:00Z",
                "2024-07-10t12:00:00z", "2016-12-31T23:59:60Z", "-0001-01-01T00:00:00Z",
                "2024-07-10T24:00:00Z", "2024-07-10T12:00:00.Z"}) {
            assertThat(outcome(() -> Instants.renderStored(stored))).as(stored)
                    .isEqualTo(outcome(() -> Instants.render(Instant.parse(stored))));
        }
    }

    private static String outcome(java.util.function.Supplier<String> rendering) {
        try {
            return rendering.get();
        } catch (RuntimeException refused) {
            return refused.getClass().getName();
        }
    }
}
