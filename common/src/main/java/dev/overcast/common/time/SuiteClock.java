package dev.overcast.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The suite's one clock, which every service reads for what AWS times (records' arrival, statuses, iterators,
 * retention, shard roll-over, lifecycle): the system clock moved by the suite's offset ({@code OVERCAST_CLOCK_OFFSET},
 * property {@code overcast.clock-offset}, an ISO-8601 duration such as {@code P31D}), which a test or an administrator
 * can advance so that a 24-hour retention or a 30-day lifecycle rule passes in no time. Each service application gets
 * one as a bean.
 *
 * <p>A background job that falls due by the clock registers with {@link #onAdvance}: when the clock moves on, the job
 * runs at once (on a thread of its own), not at its next wall-clock tick.
 */
public class SuiteClock {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SuiteClock.class);

    private volatile Duration offset;
    private final List<Runnable> onAdvance = new CopyOnWriteArrayList<>();

    public SuiteClock(Duration offset) {
        this.offset = offset;
    }

    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** How far the clock is ahead of the system clock. */
    public Duration offset() {
        return offset;
    }

    /** Moves the clock on (or back, with a negative duration), and runs the jobs registered with {@link #onAdvance}. */
    public void advance(Duration by) {
        synchronized (this) {
            offset = offset.plus(by);
        }
        if (!by.isNegative() && !by.isZero()) {
            runJobs();
        }
    }

    /** Sets the offset (a replica taking the suite's offset as another replica advanced it), running the jobs if it moved on. */
    public void setOffset(Duration newOffset) {
        Duration old;
        synchronized (this) {
            old = offset;
            offset = newOffset;
        }
        if (newOffset.compareTo(old) > 0) {
            runJobs();
        }
    }

    /** A job to run whenever the clock moves on (it must be idempotent and safe beside its scheduled runs). */
    public void onAdvance(Runnable job) {
        onAdvance.add(job);
    }

    private void runJobs() {
        for (Runnable job : onAdvance) {
            Thread.ofVirtual().name("overcast-clock-job").start(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    log.warn("a job run after the clock moved on failed: {}", e.toString());
                }
            });
        }
    }
}
