package dev.overcast.s3;

import dev.overcast.common.time.SuiteClock;
import java.time.Duration;

/** The started service's suite clock, moved on by a test and put back where it was afterwards. */
public final class MovedClock {

    private final SuiteClock clock = S3TestService.bean(SuiteClock.class);
    private Duration moved = Duration.ZERO;

    /** Moves the clock on (the jobs registered with it run). */
    public void advance(Duration by) {
        clock.advance(by);
        moved = moved.plus(by);
    }

    /** Puts the clock back by all it was moved. */
    public void restore() {
        clock.advance(moved.negated());
        moved = Duration.ZERO;
    }

    /** Runs a job that answers -1 while another run holds its lock, until it has run once itself. */
    public static int runOnce(java.util.function.IntSupplier job) {
        int n;
        while ((n = job.getAsInt()) < 0) {
            Thread.onSpinWait();
        }
        return n;
    }
}
