package dev.overcast.s3.replication;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.object.ObjectApi;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.tagging.Tags;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * S3's replica modification sync: a replica whose tags, ACL or Object Lock settings changed ({@code ReplicaChanges})
 * has them carried back to its source version, through the source bucket's S3 API signed as the replica bucket's owner
 * (another account's source bucket must grant it by its policy), when the replica's bucket has a replication rule back
 * to the source bucket that covers the key and has ReplicaModifications Enabled (two-way replication, as S3 sets it
 * up). A replica has its source version's id, so the change goes to the version of that id. The ACL goes when the
 * replica has grants besides its owner's (a replica starts with its source's ACL). The sync is not noted as a change of
 * the source, so it does not come back. Every second, with replication; one worker across replicas; a change stays
 * noted until carried or refused (a 5xx is tried again).
 */
@Component
public class ReplicaSync {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSync.class);
    private static final int BATCH = 100;

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final JobLock lock;
    private final LoopbackClients clients;

    public ReplicaSync(BucketStore buckets, ObjectStore objects, JdbcTemplate jdbc, DataSource dataSource,
                       LoopbackClients clients) {
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = StoredText.binding(jdbc);
        this.lock = new JobLock(dataSource);
        this.clients = clients;
    }

    @Scheduled(fixedDelayString = "${overcast.s3.replication-interval:1s}",
            initialDelayString = "${overcast.s3.replication-interval:1s}")
    public void scheduled() {
        try {
            if (Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from replica_link where sync_pending)", Boolean.class))) {
                lock.runExclusively("s3.replica-sync", this::carryPending);
            }
        } catch (RuntimeException e) {
            log.warn("Replica modification sync failed (noted changes are taken up again)", e);
        }
    }

    /** Carries the noted changes, a batch at a time. */
    void carryPending() {
        List<Map<String, Object>> pending;
        do {
            pending = jdbc.queryForList("""
                    select replica_bucket, key, replica_version, source_bucket, source_version from replica_link
                    where sync_pending limit ?""", BATCH);
            for (Map<String, Object> row : pending) {
                String replicaBucket = (String) row.get("replica_bucket");
                String key = StoredText.read((String) row.get("key"));
                String replicaVersion = (String) row.get("replica_version");
                // cleared first: a change noted while this one is carried is carried next time
                jdbc.update("update replica_link set sync_pending = false where replica_bucket = ? and key = ? "
                        + "and replica_version = ?", replicaBucket, key, replicaVersion);
                if (!carry(replicaBucket, key, replicaVersion, (String) row.get("source_bucket"),
                        (String) row.get("source_version"))) {
                    jdbc.update("update replica_link set sync_pending = true where replica_bucket = ? and key = ? "
                            + "and replica_version = ?", replicaBucket, key, replicaVersion);
                    return; // the source's side is failing for now: next time
                }
            }
        } while (pending.size() == BATCH);
    }

    /**
     * A replica's Object Lock settings to its source version: its retention while it runs (S3's rules there decide:
     * a COMPLIANCE retention, or a GOVERNANCE one without the bypass, is not shortened) and its legal hold.
     */
    private void carryLock(S3Client source, String sourceBucket, String key, String sourceVersion, ObjectLock lock) {
        if (lock.mode() != null && lock.retained(objects.now())) {
            source.putObjectRetention(b -> b.bucket(sourceBucket).key(key).versionId(sourceVersion)
                    .retention(r -> r.mode(lock.mode()).retainUntilDate(lock.retainUntil()))
                    .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true")));
        }
        if (lock.legalHold() != null) {
            source.putObjectLegalHold(b -> b.bucket(sourceBucket).key(key).versionId(sourceVersion)
                    .legalHold(h -> h.status(lock.legalHold()))
                    .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true")));
        }
    }

    /** Carries one replica's tags, ACL and Object Lock settings to its source version; false to try again later. */
    private boolean carry(String replicaBucket, String key, String replicaVersion, String sourceBucket,
                          String sourceVersion) {
        Bucket bucket = buckets.find(replicaBucket).orElse(null);
        StoredObject replica = bucket == null ? null : objects.find(replicaBucket, key, replicaVersion).orElse(null);
        String stored = bucket == null ? null : buckets.replication(replicaBucket);
        if (replica == null || stored == null) {
            return true;
        }
        ReplicationRule rule = ReplicationRules.match(ModelJson.read(stored, ReplicationConfiguration.class), key,
                replica.tags());
        if (rule == null || !sourceBucket.equals(ReplicationRules.bucketOf(rule.destination().bucket()))
                || rule.sourceSelectionCriteria() == null || rule.sourceSelectionCriteria().replicaModifications() == null
                || !"Enabled".equals(rule.sourceSelectionCriteria().replicaModifications().statusAsString())) {
            return true;
        }
        String region = buckets.find(sourceBucket).map(Bucket::region).orElse("us-east-1");
        S3Client source = clients.client(bucket.accountId(), region);
        try {
            if (replica.tags().isEmpty()) {
                source.deleteObjectTagging(b -> b.bucket(sourceBucket).key(key).versionId(sourceVersion)
                        .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true")));
            } else {
                source.putObjectTagging(b -> b.bucket(sourceBucket).key(key).versionId(sourceVersion)
                        .tagging(t -> t.tagSet(Tags.toList(replica.tags())))
                        .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true")));
            }
            if (!bucket.aclsDisabled() && replica.attributes().acl().grants() != null) { // grants besides the owner's
                source.putObjectAcl(b -> b.bucket(sourceBucket).key(key).versionId(sourceVersion)
                        .accessControlPolicy(p -> p.owner(S3Owners.of(replica.attributes().acl().owner(bucket)))
                                .grants(replica.attributes().acl().grants(bucket)))
                        .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true")));
            }
            carryLock(source, sourceBucket, key, sourceVersion, replica.attributes().lock());
            return true;
        } catch (SdkServiceException e) {
            if (e.statusCode() >= 500) {
                return false;
            }
            log.info("Replica modification of {}/{} not carried to {}: {}", replicaBucket, key, sourceBucket,
                    e.getMessage());
            return true;
        }
    }
}
