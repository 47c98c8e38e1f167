package dev.overcast.s3.replication;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.db.JobLock;
import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.checksum.Md5;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.notification.ObjectEvents;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.object.ObjectAcl;
import dev.overcast.s3.object.ReplicaChanges;
import dev.overcast.s3.object.ReplicaHeaders;
import dev.overcast.s3.object.ReplicaOrigin;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * Copies PENDING versions to their rule's destination bucket through the S3 API (the SDK, signed as the source
 * bucket's owner account: a destination of another account must grant it by its bucket policy), marking the copy
 * REPLICA and the source COMPLETED, or FAILED when the destination refuses (a version no rule matches any more, or
 * encrypted with a customer key, is left without status, as on S3). A delete marker goes as a DeleteObject when its
 * rule replicates delete markers (DeleteMarkerReplication Enabled; always under the first schema, without Filter).
 * A rule with Metrics enabled records S3's replication metrics ({@link ReplicationMetrics}) and announces a failed
 * replication ({@code s3:Replication:OperationFailedReplication}); one with Replication Time Control also announces a
 * replication that took longer than its threshold on the suite's clock ({@code OperationMissedThreshold} and
 * {@code OperationReplicatedAfterThreshold}). The status and the events are one transaction. Every second; one
 * worker across replicas; a version stays PENDING until its copy is acknowledged, so a restart resumes where it
 * stopped. Where each version's replica went is recorded ({@code replica_link}) for {@link ReplicaSync}, which carries
 * later metadata changes of the version to it.
 */
@Component
public class ReplicationWorker {

    private static final Logger log = LoggerFactory.getLogger(ReplicationWorker.class);
    private static final int BATCH = 100;

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final JobLock lock;
    private final LoopbackClients clients;
    private final Notifications notifications;
    private final ReplicationMetrics metrics;
    private final TransactionTemplate tx;

    public ReplicationWorker(BucketStore buckets, ObjectStore objects, JdbcTemplate jdbc, DataSource dataSource,
                             LoopbackClients clients, Notifications notifications, ReplicationMetrics metrics,
                             PlatformTransactionManager transactions) {
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = jdbc;
        this.lock = new JobLock(dataSource);
        this.clients = clients;
        this.notifications = notifications;
        this.metrics = metrics;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${overcast.s3.replication-interval:1s}",
            initialDelayString = "${overcast.s3.replication-interval:1s}")
    public void scheduled() {
        try {
            // one cheap look first: the lock's connection is held only when there is work
            if (Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from object where replication_status = 'PENDING')", Boolean.class))) {
                lock.runExclusively("s3.replication", this::replicatePending);
            }
        } catch (RuntimeException e) {
            log.warn("Replication failed (pending versions are taken up again)", e);
        }
    }

    /** Replicates the pending versions, a batch at a time, until none is left that can be done now. */
    void replicatePending() {
        while (true) {
            List<Map<String, Object>> pending = jdbc.queryForList("""
                    select id, bucket, key, version_id from object where replication_status = 'PENDING'
                    order by id limit ?""", BATCH);
            int done = 0;
            for (Map<String, Object> row : pending) {
                Outcome outcome = replicate((String) row.get("bucket"), StoredText.read((String) row.get("key")),
                        (String) row.get("version_id"));
                if (!"PENDING".equals(outcome.status())) {
                    tx.executeWithoutResult(s -> complete(outcome, ((Number) row.get("id")).longValue()));
                    done++;
                }
            }
            if (pending.size() < BATCH || done == 0) {
                return;
            }
        }
    }

    /**
     * Within a transaction: the version's status, and the replication events its rule asks for. A copied version is
     * marked under its key's lock, which metadata changes take too: a change that finds it PENDING is not noted, so
     * one made while it was copied (its metadata no longer those sent) is noted here for {@link ReplicaSync}.
     */
    private void complete(Outcome outcome, long id) {
        StoredObject sent = outcome.version();
        boolean copied = "COMPLETED".equals(outcome.status()) && !sent.deleteMarker();
        if (copied) {
            objects.lockKey(sent.bucket(), sent.key());
        }
        if (jdbc.update("update object set replication_status = ? where id = ? and replication_status = 'PENDING'",
                outcome.status(), id) != 1) {
            return;
        }
        announce(outcome);
        if (copied && objects.find(sent.bucket(), sent.key(), sent.versionId()).filter(now ->
                !now.tags().equals(sent.tags()) || !now.attributes().acl().equals(sent.attributes().acl())
                        || !now.attributes().lock().equals(sent.attributes().lock())).isPresent()) {
            ReplicaChanges.sourceChanged(jdbc, sent);
        }
    }

    /**
     * What replicating a version came to.
     *
     * @param status        COMPLETED, FAILED, null (not replicated), or PENDING to try again later
     * @param failureReason S3's reason for a failure ({@code DstPutObjectNotPermitted}, …), or null
     */
    private record Outcome(String status, Bucket source, StoredObject version, ReplicationRule rule, Instant at,
                           String failureReason) {

        static final Outcome NONE = new Outcome(null, null, null, null, null, null);
    }

    private Outcome replicate(String bucketName, String key, String versionId) {
        Bucket source = buckets.find(bucketName).orElse(null);
        StoredObject version = source == null ? null : objects.find(bucketName, key, versionId).orElse(null);
        String stored = source == null ? null : buckets.replication(bucketName);
        if (version == null || stored == null
                || (!version.deleteMarker() && version.encryption() != null && version.encryption().customer())) {
            return Outcome.NONE; // SSE-C objects are not replicated
        }
        ReplicationConfiguration c = ModelJson.read(stored, ReplicationConfiguration.class);
        ReplicationRule rule = ReplicationRules.match(c, key, version.tags());
        if (rule == null || (version.deleteMarker() && !ReplicationRules.replicatesDeleteMarkers(rule))) {
            return Outcome.NONE;
        }
        String destination = ReplicationRules.bucketOf(rule.destination().bucket());
        Instant at = objects.now();
        Bucket target = buckets.find(destination).orElse(null);
        if (source.objectLockEnabled() && target != null && !target.objectLockEnabled()) {
            metrics.failed(source, rule); // S3 replicates an Object Lock bucket only to one with Object Lock
            return new Outcome("FAILED", source, version, rule, at, "DstBucketObjectLockConfigMissing");
        }
        try {
            // the request is signed for the destination's region, as S3's replication sends it there
            S3Client client = clients.client(source.accountId(), target == null ? "us-east-1" : target.region());
            ReplicaOrigin origin = ReplicaOrigin.of(version);
            if (version.deleteMarker()) {
                client.deleteObject(b -> b.bucket(destination).key(key).overrideConfiguration(o ->
                        new ReplicaHeaders(origin, null, null, false).addTo(o)));
            } else {
                copy(source, version, destination, rule, client);
            }
            metrics.replicated(source, version, rule, Duration.between(version.lastModified(), objects.now()));
            return new Outcome("COMPLETED", source, version, rule, at, null);
        } catch (SdkServiceException e) {
            if (e.statusCode() >= 500) {
                return new Outcome("PENDING", source, version, rule, at, null);
            }
            metrics.failed(source, rule);
            return new Outcome("FAILED", source, version, rule, at, failureReason(e, version.deleteMarker()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** S3's replication failure reason for what the destination answered. */
    private static String failureReason(SdkServiceException e, boolean deleteMarker) {
        if (e.statusCode() == 404) {
            return "DstBucketNotFound";
        }
        return deleteMarker ? "DstDelObjNotPermitted" : "DstPutObjectNotPermitted";
    }

    private void copy(Bucket source, StoredObject version, String destination, ReplicationRule rule, S3Client target)
            throws IOException {
        Path file = Files.createTempFile("overcast-replica-", ".bin");
        try {
            MessageDigest md5 = Md5.newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md5)) {
                if (version.size() > 0) {
                    objects.read(version, 0, version.size() - 1, out, null);
                }
            }
            String contentMd5 = Base64.getEncoder().encodeToString(md5.digest());
            // a copy tried again after a lost answer (or a crash) gets the replica made then, with its metadata of then
            boolean madeBefore = version.versionId() != null
                    && objects.find(destination, version.key(), version.versionId()).isPresent();
            String replicaVersion = target.putObject(request(source, version, destination, rule, contentMd5,
                    objects.now()), RequestBody.fromFile(file)).versionId();
            if (replicaVersion != null && version.versionId() != null) { // for ReplicaModifications (ReplicaSync)
                StoredText.binding(jdbc).update("""
                        insert into replica_link (replica_bucket, key, replica_version, source_bucket, source_version)
                        values (?, ?, ?, ?, ?) on conflict do nothing""", destination, version.key(), replicaVersion,
                        version.bucket(), version.versionId());
                if (madeBefore) { // so the version's metadata of now go to it as a change
                    ReplicaChanges.sourceChanged(jdbc, version);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Within the status update's transaction: the replication events the rule's metrics and RTC ask for. */
    private void announce(Outcome o) {
        if (o.rule() == null || !ReplicationRules.metricsEnabled(o.rule())) {
            return;
        }
        ObjectEvents events = notifications.byS3(o.source(), "Replication");
        StoredObject v = o.version();
        String ruleId = o.rule().id() == null ? "" : o.rule().id();
        String destination = o.rule().destination().bucket();
        if ("FAILED".equals(o.status())) {
            events.replication("Replication:OperationFailedReplication", v.key(), v.size(), v.etag(), v.versionId(),
                    ruleId, destination, o.at(), o.failureReason(), null, null);
            return;
        }
        Duration threshold = ReplicationRules.timeThreshold(o.rule());
        Duration took = Duration.between(v.lastModified(), o.at());
        if (threshold != null && took.compareTo(threshold) > 0) {
            events.replication("Replication:OperationMissedThreshold", v.key(), v.size(), v.etag(), v.versionId(),
                    ruleId, destination, v.lastModified(), null, threshold.toSeconds(), null);
            events.replication("Replication:OperationReplicatedAfterThreshold", v.key(), v.size(), v.etag(),
                    v.versionId(), ruleId, destination, v.lastModified(), null, threshold.toSeconds(), took.toSeconds());
        }
    }

    /**
     * The replica's put: the source version's content headers, metadata, tags, storage class (or the rule's), its
     * Object Lock retention while it runs and its legal hold (the destination's default retention applies to a version
     * without), its id and creation time, and its owner and ACL unless the rule's AccessControlTranslation gives the
     * replica to the destination bucket's owner (whose bucket then takes the version and its ACL in one request, as
     * S3's replication does).
     */
    private static PutObjectRequest request(Bucket source, StoredObject version, String destination,
                                            ReplicationRule rule, String contentMd5, Instant now) {
        var content = version.content();
        String storageClass = rule.destination().storageClass() != null ? rule.destination().storageClassAsString()
                : version.storageClass();
        boolean ownerOverride = rule.destination().accessControlTranslation() != null;
        ObjectAcl acl = version.attributes().acl();
        ReplicaHeaders replica = new ReplicaHeaders(ReplicaOrigin.of(version),
                ownerOverride ? null : acl.owner(source), ownerOverride || source.aclsDisabled() ? null : acl.grants(),
                ownerOverride);
        ObjectLock lock = version.attributes().lock();
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(destination).key(version.key())
                .contentType(content.contentType()).contentEncoding(content.contentEncoding())
                .contentDisposition(content.contentDisposition()).contentLanguage(content.contentLanguage())
                .cacheControl(content.cacheControl()).metadata(version.userMetadata()).storageClass(storageClass)
                .websiteRedirectLocation(content.websiteRedirect()).contentMD5(contentMd5)
                .overrideConfiguration(replica::addTo);
        if (lock.mode() != null && lock.retained(now)) {
            b.objectLockMode(lock.mode()).objectLockRetainUntilDate(lock.retainUntil());
        }
        if (lock.held()) {
            b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON);
        }
        if (!version.tags().isEmpty()) {
            b.tagging(software.amazon.awssdk.services.s3.model.Tagging.builder().tagSet(version.tags().entrySet().stream()
                    .map(t -> software.amazon.awssdk.services.s3.model.Tag.builder().key(t.getKey()).value(t.getValue())
                            .build()).toList()).build());
        }
        return b.build();
    }
}
