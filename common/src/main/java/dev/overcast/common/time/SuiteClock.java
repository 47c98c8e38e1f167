package dev.overcast.common.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The suite's one clock, which every service reads for what AWS times (records' arrival, statuses, iterators,
 * retention, shard roll-over): the system clock moved by the suite's offset ({@code OVERCAST_CLOCK_OFFSET}, property
 * {@code overcast.clock-offset}, an ISO-8601 duration such as {@code P31D}), which a test can advance so that a
 * 24-hour retention passes in no time. Each service application gets one as a bean.
 */
public class SuiteClock {

    private volatile Duration offset;

    public SuiteClock(Duration offset) {
        this.offset = offset;
    }

    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** Moves the clock on (or back, with a negative duration). */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }
}
