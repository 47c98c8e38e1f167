package dev.overcast.s3.replication;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.object.ReplicaHeaders;
import dev.overcast.s3.object.ReplicaOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Replication through the SDK: a new version in a source bucket is copied to another account's bucket in another
 * region through the S3 API (the destination's policy granting the source account), the source reports COMPLETED and
 * the copy REPLICA; a destination that refuses makes it FAILED. Another account's destination is asked by its policy
 * for the actions S3's replication uses there ({@code s3:ReplicateObject}, {@code s3:ReplicateTags},
 * {@code s3:ReplicateDelete}), not the client ones.
 */
class ReplicationTest {

    private static final S3Client SOURCE = S3TestService.client();
    private static final S3Client DEST = S3TestService.client("111111111111", "eu-west-1");

    private static String versionedBucket(S3Client s3, String region) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(region.equals("us-east-1") ? null
                : software.amazon.awssdk.services.s3.model.CreateBucketConfiguration.builder()
                .locationConstraint(region).build()));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        return bucket;
    }

    /** The replication status once it is no longer PENDING (a minute at the most). */
    static ReplicationStatus await(Supplier<ReplicationStatus> status) throws InterruptedException {
        return S3TestService.await(status, s -> s != ReplicationStatus.PENDING);
    }

    @Test
    void newVersionIsCopiedToAnotherAccountsBucketInAnotherRegion() throws InterruptedException {
        String source = versionedBucket(SOURCE, "us-east-1");
        String granted = versionedBucket(DEST, "eu-west-1");
        String refusing = versionedBucket(DEST, "eu-west-1");
        DEST.putBucketPolicy(b -> b.bucket(granted).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"s3:ReplicateObject\","
                + "\"Resource\":\"arn:aws:s3:::" + granted + "/*\"}]}"));
        assertFailure(failure(() -> SOURCE.getBucketReplication(b -> b.bucket(source))), 404,
                "ReplicationConfigurationNotFoundError", "The replication configuration was not found");
        SOURCE.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("docs").priority(2).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix("docs/"))
                                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                                .destination(d -> d.bucket("arn:aws:s3:::" + granted).account("111111111111")),
                        r -> r.id("logs").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix("logs/"))
                                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                                .destination(d -> d.bucket("arn:aws:s3:::" + refusing)))));
        assertThat(SOURCE.getBucketReplication(b -> b.bucket(source)).replicationConfiguration().rules()).hasSize(2);

        String version = SOURCE.putObject(b -> b.bucket(source).key("docs/a.txt").contentType("text/plain")
                .metadata(java.util.Map.of("m", "1")), RequestBody.fromString("replicate me")).versionId();
        SOURCE.putObject(b -> b.bucket(source).key("logs/l.txt"), RequestBody.fromString("refused"));
        SOURCE.putObject(b -> b.bucket(source).key("other.txt"), RequestBody.fromString("stays"));
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("docs/a.txt")).replicationStatus()))
                .isEqualTo(ReplicationStatus.COMPLETED);
        var copy = DEST.getObjectAsBytes(b -> b.bucket(granted).key("docs/a.txt"));
        assertThat(copy.asUtf8String()).isEqualTo("replicate me");
        assertThat(copy.response().replicationStatus()).isEqualTo(ReplicationStatus.REPLICA);
        assertThat(copy.response().contentType()).isEqualTo("text/plain");
        assertThat(copy.response().metadata()).containsEntry("m", "1");
        // the replica keeps its source version's id and creation time, as on S3
        Instant created = SOURCE.headObject(b -> b.bucket(source).key("docs/a.txt")).lastModified();
        assertThat(copy.response().versionId()).isEqualTo(version);
        assertThat(copy.response().lastModified()).isEqualTo(created);
        assertThat(DEST.getObjectAsBytes(b -> b.bucket(granted).key("docs/a.txt").versionId(version)).asUtf8String())
                .isEqualTo("replicate me");
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("logs/l.txt")).replicationStatus()))
                .isEqualTo(ReplicationStatus.FAILED);
        assertThat(SOURCE.headObject(b -> b.bucket(source).key("other.txt")).replicationStatus()).isNull();

        SOURCE.deleteBucketReplication(b -> b.bucket(source));
        SOURCE.putObject(b -> b.bucket(source).key("docs/b.txt"), RequestBody.fromString("not any more"));
        assertThat(SOURCE.headObject(b -> b.bucket(source).key("docs/b.txt")).replicationStatus()).isNull();
    }

    /** A bucket of the destination account whose policy allows the source account the actions on its objects. */
    private static String allowing(String... actions) {
        String bucket = versionedBucket(DEST, "eu-west-1");
        DEST.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":[\""
                + String.join("\",\"", actions) + "\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}"));
        return bucket;
    }

    private static java.util.Map<String, String> tags(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void theDestinationsPolicyIsAskedForTheReplicationActionsNotTheClientOnes() throws InterruptedException {
        String source = versionedBucket(SOURCE, "us-east-1");
        String clientActions = allowing("s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject");
        String objectsOnly = allowing("s3:ReplicateObject");
        String all = allowing("s3:ReplicateObject", "s3:ReplicateTags", "s3:ReplicateDelete");
        SOURCE.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(rule(3, "client/", clientActions), rule(2, "objects/", objectsOnly), rule(1, "all/", all))));
        SOURCE.putObject(b -> b.bucket(source).key("client/a"), RequestBody.fromString("c"));
        SOURCE.putObject(b -> b.bucket(source).key("objects/plain"), RequestBody.fromString("p"));
        SOURCE.putObject(b -> b.bucket(source).key("objects/tagged").tagging("team=red"), RequestBody.fromString("t"));
        SOURCE.putObject(b -> b.bucket(source).key("all/tagged").tagging("team=red"), RequestBody.fromString("a"));
        // s3:PutObject is not what replication asks for: FAILED
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("client/a")).replicationStatus()))
                .isEqualTo(ReplicationStatus.FAILED);
        // s3:ReplicateObject takes a replica, without tags; with tags it needs s3:ReplicateTags too
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("objects/plain")).replicationStatus()))
                .isEqualTo(ReplicationStatus.COMPLETED);
        assertThat(DEST.getObjectAsBytes(b -> b.bucket(objectsOnly).key("objects/plain")).asUtf8String()).isEqualTo("p");
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("objects/tagged")).replicationStatus()))
                .isEqualTo(ReplicationStatus.FAILED);
        assertThat(await(() -> SOURCE.headObject(b -> b.bucket(source).key("all/tagged")).replicationStatus()))
                .isEqualTo(ReplicationStatus.COMPLETED);
        assertThat(tags(DEST, all, "all/tagged")).isEqualTo(java.util.Map.of("team", "red"));

        // a later tag change of the source version goes as s3:ReplicateTags too
        SOURCE.putObjectTagging(b -> b.bucket(source).key("all/tagged").tagging(t -> t.tagSet(Tag.builder()
                .key("team").value("blue").build())));
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (!tags(DEST, all, "all/tagged").containsValue("blue") && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        assertThat(tags(DEST, all, "all/tagged")).isEqualTo(java.util.Map.of("team", "blue"));

        // delete markers go as s3:ReplicateDelete: refused by the bucket that does not allow it (taken first)
        SOURCE.deleteObject(b -> b.bucket(source).key("objects/plain"));
        SOURCE.deleteObject(b -> b.bucket(source).key("all/tagged"));
        until = Instant.now().plus(Duration.ofSeconds(60));
        while (DEST.listObjectVersions(b -> b.bucket(all)).deleteMarkers().isEmpty() && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        assertThat(DEST.listObjectVersions(b -> b.bucket(all)).deleteMarkers()).hasSize(1);
        assertThat(DEST.listObjectVersions(b -> b.bucket(objectsOnly)).deleteMarkers()).isEmpty();
    }

    private static ReplicationRule rule(int priority, String prefix, String destination) {
        return ReplicationRule.builder().id(prefix).priority(priority).status(ReplicationRuleStatus.ENABLED)
                .filter(f -> f.prefix(prefix))
                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
                .destination(d -> d.bucket("arn:aws:s3:::" + destination).account("111111111111")).build();
    }

    @Test
    void aReplicaWrittenAgainIsTheSameVersionAndOnlyTheSuitesReplicationNamesIt() {
        String bucket = versionedBucket(SOURCE, "us-east-1");
        ReplicaHeaders replica = new ReplicaHeaders(new ReplicaOrigin("0123456789abcdefABCDEF._01234567",
                Instant.parse("2026-01-02T03:04:05Z")), null, null, false);
        S3Client suite = S3TestService.bean(LoopbackClients.class).client("000000000000", "us-east-1");
        for (int i = 0; i < 2; i++) { // replication trying a copy again gets the version it made
            assertThat(suite.putObject(b -> b.bucket(bucket).key("k").overrideConfiguration(replica::addTo),
                    RequestBody.fromString("r")).versionId()).isEqualTo("0123456789abcdefABCDEF._01234567");
        }
        var head = SOURCE.headObject(b -> b.bucket(bucket).key("k"));
        assertThat(head.replicationStatus()).isEqualTo(ReplicationStatus.REPLICA);
        assertThat(head.lastModified()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(SOURCE.listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(1);
        // a client's own replica headers are ignored: a new version of its own
        String own = SOURCE.putObject(b -> b.bucket(bucket).key("k").overrideConfiguration(replica::addTo),
                RequestBody.fromString("c")).versionId();
        assertThat(own).isNotEqualTo("0123456789abcdefABCDEF._01234567");
        assertThat(SOURCE.headObject(b -> b.bucket(bucket).key("k")).replicationStatus()).isNull();
    }

    @Test
    void configurationIsRefusedWithS3sErrors() {
        String unversioned = S3TestService.bucketName();
        SOURCE.createBucket(b -> b.bucket(unversioned));
        String source = versionedBucket(SOURCE, "us-east-1");
        assertFailure(failure(() -> SOURCE.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/r").rules(r -> r.priority(1).status(ReplicationRuleStatus.ENABLED)
                        .filter(f -> f.prefix("")).destination(d -> d.bucket("arn:aws:s3:::" + unversioned)))))),
                400, "InvalidRequest", "DeleteMarkerReplication must be specified for this version of Cross Region "
                        + "Replication configuration schema.");
        assertFailure(failure(() -> SOURCE.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/r").rules(r -> r.priority(1).status(ReplicationRuleStatus.ENABLED)
                        .filter(f -> f.prefix("")).deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + unversioned)))))),
                400, "InvalidRequest", "Destination bucket must have versioning enabled.");
        assertFailure(failure(() -> SOURCE.putBucketReplication(b -> b.bucket(unversioned).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/r").rules(r -> r.priority(1).status(ReplicationRuleStatus.ENABLED)
                        .filter(f -> f.prefix("")).deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + source)))))),
                400, "InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration");
    }
}
