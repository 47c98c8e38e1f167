package dev.overcast.kinesis.shard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Record counters are at least the microseconds since the epoch of their write (see {@link SequenceNumber}). */
public final class Counters {

    private Counters() {
    }

    public static long at(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
