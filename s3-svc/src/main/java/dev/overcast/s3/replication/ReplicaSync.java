package dev.overcast.s3.replication;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.object.ObjectAcl;
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
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * Carries metadata changes along replication's links ({@code replica_link}, noted by {@code ReplicaChanges} in the
 * change's transaction) both ways, one mechanism for both: a source version's tags, ACL or Object Lock settings
 * changed after its copy go to its replica (as S3 replicates metadata changes), through the replica bucket's S3 API
 * signed as the source bucket's owner, while the source bucket's rule covering the key still replicates to that
 * bucket (the ACL not when the rule gives replicas to the destination's owner); and S3's replica modification sync,
 * a replica's changes back to its source version, through the source bucket's S3 API signed as the replica bucket's
 * owner, when the replica's bucket has a rule back to the source bucket that covers the key and has
 * ReplicaModifications Enabled (two-way replication, as S3 sets it up). Another account's bucket must grant it by its
 * policy ({@code s3:ReplicateTags} for tags, {@code s3:ReplicateObject} for the ACL and Object Lock settings). A
 * replica has its source version's id, so a change goes to the version of that id. A replica's ACL goes back when it
 * has grants besides its owner's (a replica starts with its source's ACL). A change carried is not noted again on the
 * other side, so it does not come back. Every second, with replication; one worker across replicas; a change stays
 * noted until carried or refused (a 5xx is tried again).
 */
@Component
public class ReplicaSync {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSync.class);
    private static final int BATCH = 100;

    /** Which way a noted change goes along a link: its flag, and the columns of the side it comes from and goes to. */
    private enum Way {
        /** A source version's change, to its replica. */
        FORWARD("forward_pending", "source_bucket", "source_version", "replica_bucket", "replica_version"),
        /** A replica's change, back to its source version (ReplicaModifications). */
        BACK("sync_pending", "replica_bucket", "replica_version", "source_bucket", "source_version");

        final String select;
        final String set;

        Way(String flag, String fromBucket, String fromVersion, String toBucket, String toVersion) {
            this.select = "select " + fromBucket + " as from_bucket, key, " + fromVersion + " as from_version, "
                    + toBucket + " as to_bucket, " + toVersion + " as to_version from replica_link where " + flag
                    + " limit ?";
            this.set = "update replica_link set " + flag + " = ? where " + fromBucket + " = ? and key = ? and "
                    + fromVersion + " = ? and " + toBucket + " = ?";
        }
    }

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
            if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from replica_link where sync_pending)"
                    + " or exists (select 1 from replica_link where forward_pending)", Boolean.class))) {
                lock.runExclusively("s3.replica-sync", this::carryPending);
            }
        } catch (RuntimeException e) {
            log.warn("Replica metadata sync failed (noted changes are taken up again)", e);
        }
    }

    /** Carries the noted changes, both ways, a batch at a time. */
    void carryPending() {
        for (Way way : Way.values()) {
            carryPending(way);
        }
    }

    private void carryPending(Way way) {
        List<Map<String, Object>> pending;
        do {
            pending = jdbc.queryForList(way.select, BATCH);
            for (Map<String, Object> row : pending) {
                String fromBucket = (String) row.get("from_bucket");
                String key = StoredText.read((String) row.get("key"));
                String fromVersion = (String) row.get("from_version");
                String toBucket = (String) row.get("to_bucket");
                // cleared first: a change noted while this one is carried is carried next time
                jdbc.update(way.set, false, fromBucket, key, fromVersion, toBucket);
                if (!carry(way, fromBucket, key, fromVersion, toBucket, (String) row.get("to_version"))) {
                    jdbc.update(way.set, true, fromBucket, key, fromVersion, toBucket);
                    return; // the other side is failing for now: next time
                }
            }
        } while (pending.size() == BATCH);
    }

    /**
     * The rule a change goes by: the from-bucket's enabled rule covering the key, when it replicates to the other
     * bucket (back to a source: with ReplicaModifications Enabled); else null, and the change stays where it is.
     */
    private ReplicationRule rule(Way way, String fromBucket, StoredObject version, String toBucket) {
        String stored = buckets.replication(fromBucket);
        ReplicationRule rule = stored == null ? null : ReplicationRules.match(
                ModelJson.read(stored, ReplicationConfiguration.class), version.key(), version.tags());
        if (rule == null || !toBucket.equals(ReplicationRules.bucketOf(rule.destination().bucket()))) {
            return null;
        }
        if (way == Way.BACK && (rule.sourceSelectionCriteria() == null
                || rule.sourceSelectionCriteria().replicaModifications() == null
                || !"Enabled".equals(rule.sourceSelectionCriteria().replicaModifications().statusAsString()))) {
            return null;
        }
        return rule;
    }

    /** Carries one version's tags, ACL and Object Lock settings to its counterpart; false to try again later. */
    private boolean carry(Way way, String fromBucket, String key, String fromVersion, String toBucket,
                          String toVersion) {
        Bucket from = buckets.find(fromBucket).orElse(null);
        StoredObject version = from == null ? null : objects.find(fromBucket, key, fromVersion).orElse(null);
        Bucket to = buckets.find(toBucket).orElse(null);
        ReplicationRule rule = version == null || to == null ? null : rule(way, fromBucket, version, toBucket);
        if (rule == null) {
            return true;
        }
        S3Client target = clients.client(from.accountId(), to.region());
        try {
            if (version.tags().isEmpty()) {
                target.deleteObjectTagging(b -> b.bucket(toBucket).key(key).versionId(toVersion)
                        .overrideConfiguration(ReplicaSync::byReplication));
            } else {
                target.putObjectTagging(b -> b.bucket(toBucket).key(key).versionId(toVersion)
                        .tagging(t -> t.tagSet(Tags.toList(version.tags())))
                        .overrideConfiguration(ReplicaSync::byReplication));
            }
            ObjectAcl acl = version.attributes().acl();
            if (!from.aclsDisabled() && (way == Way.BACK ? acl.grants() != null // grants besides the owner's
                    : !to.aclsDisabled() && rule.destination().accessControlTranslation() == null)) {
                target.putObjectAcl(b -> b.bucket(toBucket).key(key).versionId(toVersion)
                        .accessControlPolicy(p -> p.owner(S3Owners.of(acl.owner(from))).grants(acl.grants(from)))
                        .overrideConfiguration(ReplicaSync::byReplication));
            }
            carryLock(target, toBucket, key, toVersion, version.attributes().lock());
            return true;
        } catch (SdkServiceException e) {
            if (e.statusCode() >= 500) {
                return false;
            }
            log.info("Metadata of {}/{} not carried to {}: {}", fromBucket, key, toBucket, e.getMessage());
            return true;
        }
    }

    /**
     * A version's Object Lock settings to its counterpart: its retention while it runs (S3's rules there decide: a
     * COMPLIANCE retention, or a GOVERNANCE one without the bypass, is not shortened) and its legal hold.
     */
    private void carryLock(S3Client target, String bucket, String key, String versionId, ObjectLock lock) {
        if (lock.mode() != null && lock.retained(objects.now())) {
            target.putObjectRetention(b -> b.bucket(bucket).key(key).versionId(versionId)
                    .retention(r -> r.mode(lock.mode()).retainUntilDate(lock.retainUntil()))
                    .overrideConfiguration(ReplicaSync::byReplication));
        }
        if (lock.legalHold() != null) {
            target.putObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(versionId)
                    .legalHold(h -> h.status(lock.legalHold()))
                    .overrideConfiguration(ReplicaSync::byReplication));
        }
    }

    /** Marks a request as replication's (honoured only with the suite's key), so its change is not noted again. */
    private static void byReplication(AwsRequestOverrideConfiguration.Builder o) {
        o.putHeader(ObjectApi.REPLICA_HEADER, "true");
    }
}
