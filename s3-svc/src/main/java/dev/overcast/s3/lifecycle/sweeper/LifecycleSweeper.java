package dev.overcast.s3.lifecycle.sweeper;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.lifecycle.LifecycleRule;
import dev.overcast.s3.lifecycle.LifecycleRules;
import dev.overcast.s3.multipart.MultipartStore;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.notification.ObjectEvents;
import dev.overcast.s3.object.ChunkStore;
import dev.overcast.s3.object.ObjectStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out the buckets' lifecycle rules as the suite's clock passes their days: expires current versions (deleted
 * in a bucket that was never versioned, a delete marker on top otherwise), removes expired object delete markers and
 * noncurrent versions, moves objects down the storage classes, aborts incomplete multipart uploads. Every action is a
 * set-based statement over a bounded batch of rows (its own short transaction, rows other writers hold skipped until
 * the next sweep), so a sweep over a large bucket neither holds locks long nor stalls concurrent writes; between full
 * batches it rests (see {@link #pace}). Sweeps keep no
 * state of their own: they are idempotent and resume after a restart; of several replicas only one sweeps at a time
 * ({@link JobLock}). A sweep runs every minute and at once when the clock is moved on.
 */
@Component
public class LifecycleSweeper {

    private static final Logger log = LoggerFactory.getLogger(LifecycleSweeper.class);
    private static final Timestamp ALWAYS = Timestamp.from(Instant.parse("9999-12-31T00:00:00Z"));

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final MultipartStore uploads;
    private final JdbcTemplate jdbc;
    private final SuiteClock clock;
    private final JobLock lock;
    private final int batch;
    private final double duty;
    private final Notifications notifications;
    private final TransactionTemplate tx;

    public LifecycleSweeper(BucketStore buckets, ObjectStore objects, MultipartStore uploads, JdbcTemplate jdbc,
                            SuiteClock clock, DataSource dataSource, Notifications notifications,
                            PlatformTransactionManager transactions,
                            @Value("${overcast.s3.lifecycle-batch:1000}") int batch,
                            @Value("${overcast.s3.lifecycle-duty:0.2}") double duty) {
        this.notifications = notifications;
        this.tx = new TransactionTemplate(transactions);
        this.buckets = buckets;
        this.objects = objects;
        this.uploads = uploads;
        this.jdbc = StoredText.binding(jdbc);
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        this.batch = batch;
        this.duty = Math.min(1, Math.max(0.01, duty));
        clock.onAdvance(this::scheduled);
    }

    @Scheduled(fixedDelayString = "${overcast.s3.lifecycle-sweep-interval:1m}",
            initialDelayString = "${overcast.s3.lifecycle-sweep-interval:1m}")
    public void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("The lifecycle sweep failed (the next sweep takes it up again)", e);
        }
    }

    /** One sweep over every bucket with a lifecycle configuration: the actions taken, or -1 when another sweep runs. */
    public int sweep() {
        AtomicInteger actions = new AtomicInteger();
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from bucket where lifecycle is not null)",
                Boolean.class))) {
            return 0; // the lock's connection is held only when there may be work
        }
        boolean ran = lock.runExclusively("s3.lifecycle", () -> {
            Instant now = clock.now();
            for (Bucket bucket : buckets.withLifecycle()) {
                for (LifecycleRule rule : LifecycleRules.of(bucket.lifecycle()).rules()) {
                    if (rule.enabled()) {
                        actions.addAndGet(apply(bucket, rule, now));
                    }
                }
            }
        });
        return ran ? actions.get() : -1;
    }

    private int apply(Bucket bucket, LifecycleRule rule, Instant now) {
        RuleSql where = RuleSql.of(rule.filter());
        ObjectEvents events = notifications.byS3(bucket, ObjectEvents.LIFECYCLE);
        int n = 0;
        for (LifecycleRule.Step t : rule.transitions()) {
            Timestamp cutoff = cutoff(now, t.days(), t.date());
            if (cutoff != null) {
                n += transitionCurrent(bucket, where, cutoff, t.storageClass(), transitions(events, t.storageClass()));
            }
        }
        for (LifecycleRule.Step t : rule.noncurrentTransitions()) {
            n += noncurrent(bucket, where, Timestamp.from(LifecycleRule.cutoff(now, t.days())), t.newer(),
                    "update object set storage_class = ? where id in (%s) and not is_latest and storage_class = any(?)",
                    t.storageClass(), StorageClasses.above(t.storageClass()), t.storageClass(), bucket.transitionMinSize(),
                    StorageClasses.above(t.storageClass()), transitions(events, t.storageClass()));
        }
        Timestamp expiry = cutoff(now, rule.expirationDays(), rule.expirationDate());
        if (expiry != null) {
            n += bucket.versioning() == null ? deleteCurrent(bucket, where, expiry, removals(events))
                    : markCurrent(bucket, where, expiry, events);
        }
        if (rule.noncurrentDays() != null) {
            n += noncurrent(bucket, where, Timestamp.from(LifecycleRule.cutoff(now, rule.noncurrentDays())),
                    rule.newerNoncurrent(), """
                    with victims as (select id, chunk_count from object where id in (%s) and not is_latest
                                     and legal_hold is distinct from 'ON'
                                     and (lock_retain_until is null or lock_retain_until <= ?) for update),
                    """ + ChunkStore.orphaning("victims") + """
                    delete from object where id = any(array(select id from victims))""", null, null, null, null,
                    Timestamp.from(now), removals(events)); // versions under Object Lock stay
        }
        if (rule.expiredObjectDeleteMarker()) {
            n += expiredDeleteMarkers(bucket, where, removals(events));
        }
        if (rule.abortDays() != null) {
            n += abortUploads(bucket, rule.filter().prefix(), Timestamp.from(LifecycleRule.cutoff(now, rule.abortDays())));
        }
        return n;
    }

    /** The latest creation time an action due {@code days} after creation, or on {@code date}, applies to now. */
    private static Timestamp cutoff(Instant now, Integer days, Instant date) {
        if (date != null) {
            return now.isBefore(date) ? null : ALWAYS;
        }
        return days == null ? null : Timestamp.from(LifecycleRule.cutoff(now, days));
    }

    /**
     * What the sweep announces of each version a batch statement changed, in the statement's transaction (null: the
     * bucket has no notification configuration, and the statement runs on its own).
     */
    @FunctionalInterface
    private interface Announce {
        void changed(String key, String versionId, long size, String eTag);
    }

    /** A lifecycle transition's events: {@code s3:LifecycleTransition}. */
    private static Announce transitions(ObjectEvents events, String storageClass) {
        return events.any() ? (key, versionId, size, eTag) -> events.transitioned(key, size, eTag, versionId,
                storageClass) : null;
    }

    /** A lifecycle removal's events: {@code s3:LifecycleExpiration:Delete}. */
    private static Announce removals(ObjectEvents events) {
        return events.any() ? (key, versionId, size, eTag) -> events.removed(key, versionId, false, 0) : null;
    }

    /**
     * Runs the batch statement until it changes fewer rows than a batch; with {@code announce}, each batch in one
     * transaction with the events of the rows it changed (which the statement returns).
     */
    private int batches(String sql, List<Object> args, Announce announce) {
        int total = 0;
        int n;
        do {
            long started = System.nanoTime();
            if (announce == null) {
                n = jdbc.update(sql, args.toArray());
            } else {
                Integer changed = tx.execute(s -> {
                    List<Object[]> rows = jdbc.query(sql + " returning key, version_id, size, etag",
                            (rs, i) -> new Object[] {StoredText.read(rs.getString(1)), rs.getString(2), rs.getLong(3),
                                    rs.getString(4)}, args.toArray());
                    for (Object[] r : rows) {
                        announce.changed((String) r[0], (String) r[1], (Long) r[2], (String) r[3]);
                    }
                    return rows.size();
                });
                n = changed == null ? 0 : changed;
            }
            total += n;
            if (n >= batch) {
                pace(started);
            }
        } while (n >= batch);
        return total;
    }

    private int transitionCurrent(Bucket bucket, RuleSql where, Timestamp cutoff, String storageClass,
                                  Announce announce) {
        List<Object> args = new ArrayList<>(List.of(storageClass, bucket.name(), cutoff));
        args.addAll(where.allArgs());
        args.add(StorageClasses.above(storageClass));
        args.add(StorageClasses.minSize(storageClass, bucket.transitionMinSize()));
        args.add(batch);
        return batches("""
                update object set storage_class = ? where id in (select id from object
                where bucket = ? and is_latest and not delete_marker and last_modified <= ?""" + where.all() + """
                 and storage_class = any(?) and size >= ? limit ? for update skip locked)""", args, announce);
    }

    /**
     * In a bucket that was never versioned, expired current versions go with their bytes. A batch takes them in key
     * order, so that it walks the bucket's part of the current-versions index: in physical order it would read the
     * table from its first page, past every other bucket's rows and those the earlier batches deleted.
     */
    private int deleteCurrent(Bucket bucket, RuleSql where, Timestamp cutoff, Announce announce) {
        List<Object> args = new ArrayList<>(List.of(bucket.name(), cutoff));
        args.addAll(where.allArgs());
        args.add(batch);
        return batches("""
                with victims as (select id, chunk_count from object
                                 where bucket = ? and is_latest and not delete_marker and last_modified <= ?""" + where.all() + """
                                 order by key limit ? for update skip locked),
                """ + ChunkStore.orphaning("victims") + """
                delete from object where id = any(array(select id from victims))""", args, announce);
    }

    /**
     * In a versioned (or suspended) bucket an expired current version stays as a noncurrent one under a new delete
     * marker, written as DeleteObject writes it (under the key's lock; a key being written meanwhile is left for the
     * next sweep).
     */
    private int markCurrent(Bucket bucket, RuleSql where, Timestamp cutoff, ObjectEvents events) {
        int total = 0;
        String after = "";
        while (true) {
            long started = System.nanoTime();
            List<Object> args = new ArrayList<>(List.of(bucket.name(), cutoff, after));
            args.addAll(where.allArgs());
            args.add(batch);
            List<Map.Entry<String, Long>> due = jdbc.query("""
                    select key, id from object where bucket = ? and is_latest and not delete_marker and last_modified <= ?
                    and key > ?""" + where.all() + " order by key limit ?",
                    (rs, i) -> Map.entry(StoredText.read(rs.getString(1)), rs.getLong(2)), args.toArray());
            for (Map.Entry<String, Long> d : due) {
                try {
                    tx.executeWithoutResult(s -> {
                        ObjectStore.Deletion marker = objects.delete(bucket.name(), d.getKey(), null, current -> {
                            if (current.isEmpty() || current.get().id() != d.getValue()) {
                                throw new Skipped();
                            }
                        }, null, events);
                        // S3 replicates no delete marker a lifecycle rule made
                        jdbc.update("""
                                update object set replication_status = null where bucket = ? and version_id = ?
                                and delete_marker and replication_status = 'PENDING'""", bucket.name(),
                                marker.versionId());
                    });
                    total++;
                } catch (Skipped | AwsException e) {
                    // replaced or being written meanwhile: the next sweep looks at it again
                }
                after = d.getKey();
            }
            if (due.size() < batch) {
                return total;
            }
            pace(started);
        }
    }

    /**
     * Between two full batches: a pause that keeps the sweep busy for at most {@code overcast.s3.lifecycle-duty} of
     * its time (0.2 by default: a batch of 50 ms is followed by 200 ms of rest), so that a sweep over a large bucket
     * takes longer instead of taking the cores and the WAL from the writes beside it. A small sweep (one batch) never
     * waits.
     */
    private void pace(long batchStarted) {
        long rest = (long) ((System.nanoTime() - batchStarted) * (1 - duty) / duty);
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(rest, java.util.concurrent.TimeUnit.SECONDS.toNanos(5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A current delete marker with no other version of its key left. */
    private int expiredDeleteMarkers(Bucket bucket, RuleSql where, Announce announce) {
        List<Object> args = new ArrayList<>(List.of(bucket.name()));
        args.addAll(where.keyArgs());
        args.add(batch);
        return batches("""
                delete from object where id in (select m.id from object m where m.bucket = ? and m.is_latest
                and m.delete_marker""" + where.keyCondition().replace("key", "m.key") + """
                 and not exists (select 1 from object v where v.bucket = m.bucket and v.key = m.key and v.id <> m.id)
                limit ? for update skip locked) and is_latest""", args, announce);
    }

    /**
     * Noncurrent versions due by {@code cutoff} (noncurrent since their successor was written), beyond the
     * {@code keep} newest noncurrent ones of their key: {@code statement} (with {@code %s} for the ids) runs on a
     * batch at a time, its last argument {@code trailing}. With a target storage class, only versions above it and
     * large enough.
     */
    private int noncurrent(Bucket bucket, RuleSql where, Timestamp cutoff, int keep, String statement, String setClass,
                           String[] above, String target, String transitionMinSize, Object trailing,
                           Announce announce) {
        List<Object> args = new ArrayList<>();
        if (setClass != null) {
            args.add(setClass);
        }
        args.add(bucket.name());
        args.addAll(where.keyArgs());
        args.add(cutoff);
        args.add(keep);
        args.addAll(where.versionArgs());
        String classCondition = "";
        if (target != null) {
            classCondition = " and storage_class = any(?) and size >= ?";
            args.add(above);
            args.add(StorageClasses.minSize(target, transitionMinSize));
        }
        args.add(batch);
        args.add(trailing);
        String ids = """
                select id from (select id, size, tags, storage_class, delete_marker,
                    row_number() over w as rank, lag(last_modified) over w as noncurrent_since
                    from object where bucket = ?""" + where.keyCondition() + """
                 window w as (partition by key order by version_seq desc)) v
                where rank >= 2 and noncurrent_since <= ? and rank - 2 >= ?""" + where.versionCondition()
                + (target != null ? " and not delete_marker" : "") + classCondition + " limit ?";
        return batches(statement.formatted(ids), args, announce);
    }

    /** Uploads initiated long enough ago, aborted as AbortMultipartUpload aborts them. */
    private int abortUploads(Bucket bucket, String prefix, Timestamp cutoff) {
        int total = 0;
        for (String id : jdbc.queryForList("""
                select id from multipart_upload where bucket = ? and starts_with(key, ?) and initiated <= ?""",
                String.class, bucket.name(), prefix, cutoff)) {
            try {
                var upload = uploads.find(id);
                if (upload.isPresent()) {
                    uploads.abort(upload.get());
                    total++;
                }
            } catch (RuntimeException e) {
                // completed or aborted meanwhile
            }
        }
        return total;
    }

    /** A version the sweep chose was replaced before it could act: left for the next sweep. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super(null, null, false, false);
        }
    }
}
