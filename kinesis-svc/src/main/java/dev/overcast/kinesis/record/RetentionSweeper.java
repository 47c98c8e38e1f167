package dev.overcast.kinesis.record;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.shard.Counters;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes records older than their stream's retention period, as Kinesis does: they are no longer readable, and
 * TRIM_HORIZON starts after them. Each shard is trimmed in its own transaction under a PostgreSQL advisory lock, so
 * several replicas never sweep at once; a sweep keeps no state of its own, so it is idempotent and simply resumes
 * after a restart.
 */
@Component
public class RetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final RecordStore records;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public RetentionSweeper(RecordStore records, TransactionTemplate tx, SuiteClock clock) {
        this.records = records;
        this.tx = tx;
        this.clock = clock;
        clock.onAdvance(this::scheduled); // records past retention go as soon as the suite's clock moves past it
    }

    @Scheduled(fixedDelayString = "${overcast.kinesis.retention-sweep-interval:1m}",
            initialDelayString = "${overcast.kinesis.retention-sweep-interval:1m}")
    public void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Kinesis retention sweep failed", e);
        }
    }

    /** One sweep over every shard; returns the records deleted, or -1 when another sweep holds the lock. */
    public int sweep() {
        Instant now = clock.now();
        int deleted = 0;
        for (RecordStore.Retention r : records.retentions()) {
            long horizon = Counters.at(now.minus(Duration.ofHours(r.hours())));
            Integer n = tx.execute(s -> records.tryLockRetention() ? records.trim(r.streamId(), r.shardIndex(), horizon) : -1);
            if (n == null || n < 0) {
                return -1;
            }
            deleted += n;
        }
        return deleted;
    }
}
