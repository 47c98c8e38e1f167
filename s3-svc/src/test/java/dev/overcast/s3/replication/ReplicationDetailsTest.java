package dev.overcast.s3.replication;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;

/**
 * Replication's finer rules through the SDK: delete markers replicated only by rules that ask for it (and never with
 * a tag filter), objects encrypted with a customer key not replicated, replication metrics recorded for the rules
 * that enable them.
 */
class ReplicationDetailsTest {

    private static final S3Client S3 = S3TestService.client();

    private static String versionedBucket() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        return bucket;
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        return S3TestService.await(value, done);
    }

    private static List<String> deleteMarkers(String bucket) {
        return S3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers().stream().map(DeleteMarkerEntry::key).toList();
    }

    @Test
    void deleteMarkersAreReplicatedByTheRulesThatEnableIt() throws Exception {
        String source = versionedBucket();
        String destination = versionedBucket();
        S3.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("on").priority(2).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix("on/"))
                                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
                                .destination(d -> d.bucket("arn:aws:s3:::" + destination)),
                        r -> r.id("off").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix("off/"))
                                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                                .destination(d -> d.bucket("arn:aws:s3:::" + destination)))));
        S3.putObject(b -> b.bucket(source).key("on/a"), RequestBody.fromString("a"));
        S3.putObject(b -> b.bucket(source).key("off/b"), RequestBody.fromString("b"));
        for (String key : List.of("on/a", "off/b")) {
            assertThat(await(() -> S3.headObject(b -> b.bucket(source).key(key)).replicationStatus(),
                    s -> s != ReplicationStatus.PENDING)).isEqualTo(ReplicationStatus.COMPLETED);
        }
        String marker = S3.deleteObject(b -> b.bucket(source).key("on/a")).versionId();
        S3.deleteObject(b -> b.bucket(source).key("off/b"));

        assertThat(await(() -> deleteMarkers(destination), m -> !m.isEmpty())).containsExactly("on/a");
        assertThat(S3.listObjectVersions(b -> b.bucket(destination)).deleteMarkers()).singleElement()
                .satisfies(m -> assertThat(m.versionId()).isEqualTo(marker)); // the source marker's id, as on S3
        Thread.sleep(2000); // the worker's next passes: the other marker stays where it is
        assertThat(deleteMarkers(destination)).containsExactly("on/a");
        assertThat(S3.getObjectAsBytes(b -> b.bucket(destination).key("off/b")).asUtf8String()).isEqualTo("b");
        // deleting a version by its id is not replicated
        String version = S3.listObjectVersions(b -> b.bucket(source).prefix("off/b")).versions().get(0).versionId();
        S3.deleteObject(b -> b.bucket(source).key("off/b").versionId(version));
        Thread.sleep(2000);
        assertThat(S3.getObjectAsBytes(b -> b.bucket(destination).key("off/b")).asUtf8String()).isEqualTo("b");
    }

    @Test
    void deleteMarkersALifecycleRuleMakesAreNotReplicated() throws Exception {
        String source = versionedBucket();
        String destination = versionedBucket();
        S3.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("all").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + destination)))));
        S3.putBucketLifecycleConfiguration(b -> b.bucket(source).lifecycleConfiguration(c -> c.rules(r -> r.id("day")
                .status(software.amazon.awssdk.services.s3.model.ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .expiration(e -> e.days(1)))));
        S3.putObject(b -> b.bucket(source).key("k"), RequestBody.fromString("k"));
        assertThat(await(() -> S3.headObject(b -> b.bucket(source).key("k")).replicationStatus(),
                s -> s != ReplicationStatus.PENDING)).isEqualTo(ReplicationStatus.COMPLETED);
        dev.overcast.s3.MovedClock clock = new dev.overcast.s3.MovedClock();
        try {
            clock.advance(Duration.ofDays(2));
            dev.overcast.s3.MovedClock.runOnce(S3TestService.bean(
                    dev.overcast.s3.lifecycle.sweeper.LifecycleSweeper.class)::sweep);
        } finally {
            clock.restore();
        }
        assertThat(await(() -> deleteMarkers(source), m -> !m.isEmpty())).containsExactly("k");
        Thread.sleep(2000); // the worker's next passes
        assertThat(deleteMarkers(destination)).isEmpty();
    }

    @Test
    void deleteMarkerReplicationIsRefusedWithATagFilter() {
        String source = versionedBucket();
        String destination = versionedBucket();
        assertFailure(failure(() -> S3.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/r").rules(r -> r.priority(1).status(ReplicationRuleStatus.ENABLED)
                        .filter(f -> f.tag(t -> t.key("k").value("v")))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + destination)))))),
                400, "InvalidRequest", "Delete marker replication is not supported if any Tag filter is specified. "
                        + "Please refer to S3 Developer Guide for more information.");
    }

    @Test
    void customerKeyObjectsAreNotReplicatedAndMetricsAreRecorded() throws Exception {
        String source = versionedBucket();
        String destination = versionedBucket();
        S3.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("measured").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + destination)
                                .metrics(m -> m.status("Enabled").eventThreshold(t -> t.minutes(15)))
                                .replicationTime(t -> t.status("Enabled").time(v -> v.minutes(15)))))));
        byte[] key = new byte[32];
        String keyBase64 = Base64.getEncoder().encodeToString(key);
        String keyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        S3.putObject(b -> b.bucket(source).key("secret").sseCustomerAlgorithm("AES256").sseCustomerKey(keyBase64)
                .sseCustomerKeyMD5(keyMd5), RequestBody.fromString("customer key"));
        S3.putObject(b -> b.bucket(source).key("plain"), RequestBody.fromString("12345"));
        assertThat(await(() -> S3.headObject(b -> b.bucket(source).key("plain")).replicationStatus(),
                s -> s != ReplicationStatus.PENDING)).isEqualTo(ReplicationStatus.COMPLETED);
        assertThat(await(() -> S3.headObject(b -> b.bucket(source).key("secret").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(keyBase64).sseCustomerKeyMD5(keyMd5)).replicationStatus(), s -> s != ReplicationStatus.PENDING))
                .isNull();
        assertThat(S3.listObjectVersions(b -> b.bucket(destination)).versions()).extracting(v -> v.key())
                .containsExactly("plain");

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(S3TestService.endpoint() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        String tags = "destination_bucket=\"" + destination + "\",rule_id=\"measured\",source_bucket=\"" + source + "\"";
        assertThat(metrics).contains("s3_replication_latency_seconds_count{" + tags + "} 1")
                .contains("s3_replication_bytes_total{" + tags + "} 5.0")
                .contains("s3_replication_operations_pending");
    }
}
