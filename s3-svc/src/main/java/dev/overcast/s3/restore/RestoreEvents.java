package dev.overcast.s3.restore;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.notification.ObjectEvents;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces what a restore does as the suite's clock passes it: {@code s3:ObjectRestore:Completed} once the restored
 * copy is ready, {@code s3:ObjectRestore:Delete} once it has expired (both, in that order, when one move of the clock
 * passes both). Each version's announcement and its new {@code restore_state} are one transaction, its row locked
 * ({@code skip locked}: replicas share the work, none announces twice); every minute and at once when the clock moves.
 */
@Component
public class RestoreEvents {

    private static final Logger log = LoggerFactory.getLogger(RestoreEvents.class);
    private static final int BATCH = 100;

    private final BucketStore buckets;
    private final Notifications notifications;
    private final JdbcTemplate jdbc;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public RestoreEvents(BucketStore buckets, Notifications notifications, JdbcTemplate jdbc, SuiteClock clock,
                         PlatformTransactionManager transactions) {
        this.buckets = buckets;
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        clock.onAdvance(this::scheduled);
    }

    @Scheduled(fixedDelayString = "${overcast.s3.restore-interval:1m}",
            initialDelayString = "${overcast.s3.restore-interval:1m}")
    public void scheduled() {
        try {
            announceDue();
        } catch (RuntimeException e) {
            log.warn("Announcing restores failed (the next run takes them up again)", e);
        }
    }

    /** A version whose restore has something to announce. */
    private record Due(long id, String bucket, String key, String versionId, long size, String eTag,
                       String storageClass, Instant readyAt, Instant expiresAt, String state) {
    }

    /** Announces every restore due now; the versions announced. */
    public int announceDue() {
        int total = 0;
        int n;
        do {
            Timestamp now = Timestamp.from(clock.now());
            Integer done = tx.execute(s -> {
                List<Due> due = jdbc.query("""
                        select id, bucket, key, version_id, size, etag, storage_class, restore_ready_at,
                               restore_expires_at, restore_state from object
                        where restore_state = 'REQUESTED' and restore_ready_at <= ?
                           or restore_state = 'COMPLETED' and restore_expires_at <= ?
                        order by id limit ? for update skip locked""", (rs, i) -> new Due(rs.getLong(1),
                        rs.getString(2), StoredText.read(rs.getString(3)), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9).toInstant(), rs.getString(10)), now, now, BATCH);
                for (Due d : due) {
                    announce(d, now.toInstant());
                }
                return due.size();
            });
            n = done == null ? 0 : done;
            total += n;
        } while (n >= BATCH);
        return total;
    }

    private void announce(Due d, Instant now) {
        ObjectEvents events = buckets.find(d.bucket()).map(b -> notifications.byS3(b, "RestoreObject"))
                .orElse(ObjectEvents.NONE);
        String state = d.state();
        if ("REQUESTED".equals(state)) {
            events.restoreCompleted(d.key(), d.size(), d.eTag(), d.versionId(), d.storageClass(), d.expiresAt());
            state = "COMPLETED";
        }
        if (!now.isBefore(d.expiresAt())) {
            events.restoreExpired(d.key(), d.versionId(), d.storageClass());
            state = "EXPIRED";
        }
        jdbc.update("update object set restore_state = ? where id = ?", state, d.id());
    }
}
