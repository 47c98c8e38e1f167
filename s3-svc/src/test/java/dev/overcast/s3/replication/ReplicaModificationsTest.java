package dev.overcast.s3.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ReplicaModificationsStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Metadata changes along replication: a tag, ACL or Object Lock change of a replicated source version reaches its
 * replica; and replica modification sync: with two-way replication, such a change made on a replica goes back to its
 * source version (the version of the replica's id) when the replica bucket's rule back to the source has
 * ReplicaModifications Enabled, and not otherwise. A change carried either way does not come back.
 */
class ReplicaModificationsTest {

    private static final S3Client S3 = S3TestService.client();

    private static String versionedBucket() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket).objectOwnership(ObjectOwnership.OBJECT_WRITER));
        S3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        return bucket;
    }

    private static String lockedBucket() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        return bucket;
    }

    /** Object Lock, and ACLs enabled (ObjectWriter). */
    private static String lockedBucketWithAcls() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true)
                .objectOwnership(ObjectOwnership.OBJECT_WRITER));
        return bucket;
    }

    private static void replicate(String from, String to, ReplicaModificationsStatus replicaModifications) {
        S3.putBucketReplication(b -> b.bucket(from).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("all").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                        .sourceSelectionCriteria(s -> s.replicaModifications(m -> m.status(replicaModifications)))
                        .destination(d -> d.bucket("arn:aws:s3:::" + to)))));
    }

    private static Map<String, String> tags(String bucket, String key, String versionId) {
        return S3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(versionId)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static <T> T await(Supplier<T> value, T expected) throws InterruptedException {
        return S3TestService.await(value, expected::equals);
    }

    /**
     * Two-way replication (ReplicaModifications on the rule back), and a version of key {@code k} (with the tags
     * given, or none) put on the source and replicated: its version id.
     */
    private static String replicatedBothWays(String source, String replicas, String tagging)
            throws InterruptedException {
        replicate(source, replicas, ReplicaModificationsStatus.DISABLED);
        replicate(replicas, source, ReplicaModificationsStatus.ENABLED);
        String version = S3.putObject(b -> b.bucket(source).key("k").tagging(tagging), RequestBody.fromString("v"))
                .versionId();
        assertThat(await(() -> S3.headObject(b -> b.bucket(source).key("k")).replicationStatus(),
                ReplicationStatus.COMPLETED)).isEqualTo(ReplicationStatus.COMPLETED);
        return version;
    }

    @Test
    void aReplicasTagsAndAclGoBackToItsSourceWhenTheRuleBackAsksForIt() throws InterruptedException {
        String source = versionedBucket();
        String replicas = versionedBucket();
        String version = replicatedBothWays(source, replicas, "team=red");
        var replica = S3.headObject(b -> b.bucket(replicas).key("k"));
        assertThat(replica.replicationStatus()).isEqualTo(ReplicationStatus.REPLICA);
        assertThat(replica.versionId()).isEqualTo(version); // the source's id: the sync matches back by it

        S3.putObjectTagging(b -> b.bucket(replicas).key("k").tagging(t -> t.tagSet(Tag.builder().key("team")
                .value("blue").build())));
        assertThat(await(() -> tags(source, "k", version), Map.of("team", "blue"))).isEqualTo(Map.of("team", "blue"));
        S3.putObjectAcl(b -> b.bucket(replicas).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ));
        assertThat(await(() -> S3.getObjectAcl(b -> b.bucket(source).key("k").versionId(version)).grants().size(), 2))
                .isEqualTo(2);
        S3.deleteObjectTagging(b -> b.bucket(replicas).key("k"));
        assertThat(await(() -> tags(source, "k", version), Map.of())).isEmpty();
        // the source's own version stays the source: its replica is not written again by the sync
        assertThat(S3.listObjectVersions(b -> b.bucket(replicas)).versions()).hasSize(1);

        // without ReplicaModifications on the rule back, a replica's change stays on the replica
        replicate(replicas, source, ReplicaModificationsStatus.DISABLED);
        S3.putObjectTagging(b -> b.bucket(replicas).key("k").tagging(t -> t.tagSet(Tag.builder().key("team")
                .value("green").build())));
        S3TestService.bean(ReplicaSync.class).carryPending();
        assertThat(tags(source, "k", version)).isEmpty();
        assertThat(tags(replicas, "k", null)).containsEntry("team", "green");
    }

    @Test
    void aSourceVersionsLaterTagAclAndObjectLockChangesReachItsReplica() throws InterruptedException {
        String source = lockedBucketWithAcls();
        String replicas = lockedBucketWithAcls();
        String version = replicatedBothWays(source, replicas, "team=red");

        S3.putObjectTagging(b -> b.bucket(source).key("k").versionId(version).tagging(t -> t.tagSet(Tag.builder()
                .key("team").value("blue").build())));
        assertThat(await(() -> tags(replicas, "k", version), Map.of("team", "blue"))).isEqualTo(Map.of("team", "blue"));
        S3.putObjectAcl(b -> b.bucket(source).key("k").versionId(version).acl(ObjectCannedACL.AUTHENTICATED_READ));
        assertThat(await(() -> S3.getObjectAcl(b -> b.bucket(replicas).key("k").versionId(version)).grants().size(), 2))
                .isEqualTo(2);
        locksAndSees(source, replicas, version);
        S3.deleteObjectTagging(b -> b.bucket(source).key("k").versionId(version));
        assertThat(await(() -> tags(replicas, "k", version), Map.of())).isEmpty();

        // the replica took them as replication's changes: they do not come back, nothing is left to carry either way
        S3TestService.bean(ReplicaSync.class).carryPending();
        assertThat(S3TestService.bean(JdbcTemplate.class).queryForObject("select count(*) from replica_link where "
                + "(source_bucket = ? or replica_bucket = ?) and (sync_pending or forward_pending)", Integer.class,
                source, replicas)).isZero();
        assertThat(S3.listObjectVersions(b -> b.bucket(replicas)).versions()).hasSize(1);
        assertThat(S3.listObjectVersions(b -> b.bucket(source)).versions()).hasSize(1);

        // once the rule no longer replicates to that bucket, the source's changes stay on the source
        S3.deleteBucketReplication(b -> b.bucket(source));
        S3.putObjectTagging(b -> b.bucket(source).key("k").versionId(version).tagging(t -> t.tagSet(Tag.builder()
                .key("team").value("green").build())));
        S3TestService.bean(ReplicaSync.class).carryPending();
        assertThat(tags(replicas, "k", version)).isEmpty();
    }

    @Test
    void aReplicasObjectLockSettingsGoBackToItsSource() throws InterruptedException {
        String source = lockedBucket();
        String replicas = lockedBucket();
        String version = replicatedBothWays(source, replicas, null);

        locksAndSees(replicas, source, version);
    }

    /**
     * Puts a day's GOVERNANCE retention and a legal hold on version {@code version} of "k" in {@code locked}, and sees
     * both on the same version in {@code other}, where replication carries them.
     */
    private static void locksAndSees(String locked, String other, String version) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        S3.putObjectRetention(b -> b.bucket(locked).key("k").versionId(version).retention(r -> r
                .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until)));
        S3.putObjectLegalHold(b -> b.bucket(locked).key("k").versionId(version)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        assertThat(await(() -> S3.headObject(b -> b.bucket(other).key("k").versionId(version))
                .objectLockLegalHoldStatus(), ObjectLockLegalHoldStatus.ON)).isEqualTo(ObjectLockLegalHoldStatus.ON);
        var head = S3.headObject(b -> b.bucket(other).key("k").versionId(version));
        assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(head.objectLockRetainUntilDate()).isEqualTo(until);
    }
}
