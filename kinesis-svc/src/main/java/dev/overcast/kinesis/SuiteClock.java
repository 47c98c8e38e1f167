package dev.overcast.kinesis;

import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The time Kinesis reads everywhere (records' arrival, statuses, iterators, retention): the system clock moved by the
 * suite's offset ({@code OVERCAST_CLOCK_OFFSET}, an ISO-8601 duration such as {@code P31D}), which a test can advance
 * so that a 24-hour retention passes in no time.
 */
@Component
public class SuiteClock {

    private volatile Duration offset;

    public SuiteClock(@Value("${overcast.clock-offset:PT0S}") Duration offset) {
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
