package dev.overcast.s3.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.lifecycle.sweeper.LifecycleSweeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;
import tools.jackson.databind.JsonNode;

/**
 * The events of what S3 does itself, and of ACL puts, in the outbox with the change: lifecycle expirations and
 * transitions as the clock passes their days, a restore's request, completion and expiry, an ACL put, a failed
 * replication. Each with AWS's event name, event version and the data its message carries.
 */
class S3ActionEventsTest {

    private static final S3Client S3 = S3TestService.client();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:s3-actions";
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    private static String bucket(boolean versioned, String... events) {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        if (versioned) {
            S3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.id("actions").queueArn(QUEUE).eventsWithStrings(events))));
        return bucket;
    }

    /** The bucket's events, waiting (the jobs a clock advance starts run on threads of their own) for {@code count}. */
    private static List<OutboxRows.Row> events(String bucket, int count) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        List<OutboxRows.Row> rows = OutboxRows.events(bucket);
        while (rows.size() < count && Instant.now().isBefore(until)) {
            Thread.sleep(100);
            rows = OutboxRows.events(bucket);
        }
        return rows;
    }

    private void advanceAndSweep(Duration by) {
        clock.advance(by);
        MovedClock.runOnce(S3TestService.bean(LifecycleSweeper.class)::sweep);
    }

    private static LifecycleRule rule(java.util.function.Consumer<LifecycleRule.Builder> body) {
        LifecycleRule.Builder b = LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""));
        body.accept(b);
        return b.build();
    }

    @Test
    void lifecycleTransitionsAndExpirationsAreAnnounced() throws Exception {
        String bucket = bucket(false, "s3:LifecycleTransition", "s3:LifecycleExpiration:*");
        S3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rule(r -> r
                .id("cold").transitions(t -> t.days(30).storageClass(TransitionStorageClass.GLACIER))
                .expiration(e -> e.days(60))))));
        S3.putObject(b -> b.bucket(bucket).key("big file"), RequestBody.fromBytes(new byte[200 * 1024]));
        S3.putObject(b -> b.bucket(bucket).key("small"), RequestBody.fromString("too small to transition"));

        advanceAndSweep(Duration.ofDays(31));
        List<OutboxRows.Row> rows = events(bucket, 1);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.LifecycleTransition");
        JsonNode record = rows.get(0).record();
        assertThat(record.get("eventName").asString()).isEqualTo("LifecycleTransition");
        assertThat(record.get("eventVersion").asString()).isEqualTo("2.3");
        assertThat(record.get("userIdentity").get("principalId").asString()).isEqualTo("s3.amazonaws.com");
        assertThat(record.get("requestParameters").get("sourceIPAddress").asString()).isEqualTo("s3.amazonaws.com");
        assertThat(record.get("lifecycleEventData").get("transitionEventData").get("destinationStorageClass").asString())
                .isEqualTo("GLACIER");
        assertThat(rows.get(0).object().get("key").asString()).isEqualTo("big+file");
        assertThat(rows.get(0).object().get("size").asLong()).isEqualTo(200 * 1024);

        advanceAndSweep(Duration.ofDays(30));
        rows = events(bucket, 3);
        assertThat(rows).extracting(r -> r.type() + " " + r.event().get("subject").asString()).containsExactlyInAnyOrder(
                "aws.s3.LifecycleTransition big file", "aws.s3.LifecycleExpiration:Delete big file",
                "aws.s3.LifecycleExpiration:Delete small");
        JsonNode expired = rows.get(2).record();
        assertThat(expired.get("eventVersion").asString()).isEqualTo("2.3");
        assertThat(expired.has("lifecycleEventData")).isFalse();
        assertThat(expired.get("s3").get("object").get("sequencer").asString()).matches("[0-9A-F]{16}");
    }

    @Test
    void versionedExpirationsNameTheirDeleteMarkersAndVersions() throws Exception {
        String bucket = bucket(true, "s3:LifecycleExpiration:*", "s3:ObjectRemoved:*");
        S3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rule(r -> r
                .id("expire").expiration(e -> e.days(1)).noncurrentVersionExpiration(n -> n.noncurrentDays(1))))));
        String v1 = S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("1")).versionId();

        advanceAndSweep(Duration.ofDays(2));
        List<OutboxRows.Row> rows = events(bucket, 1);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.LifecycleExpiration:DeleteMarkerCreated");
        String marker = rows.get(0).object().get("versionId").asString();
        assertThat(marker).isNotEqualTo(v1);

        advanceAndSweep(Duration.ofDays(2));
        rows = events(bucket, 2);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly(
                "aws.s3.LifecycleExpiration:DeleteMarkerCreated", "aws.s3.LifecycleExpiration:Delete");
        assertThat(rows.get(1).object().get("versionId").asString()).isEqualTo(v1);
        assertThat(rows).extracting(r -> r.object().get("sequencer").asString()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aRestoreIsAnnouncedWhenRequestedWhenReadyAndWhenItsCopyExpires() throws Exception {
        String bucket = bucket(false, "s3:ObjectRestore:*");
        S3.putObject(b -> b.bucket(bucket).key("cold").storageClass(StorageClass.GLACIER), RequestBody.fromString("ice"));
        S3.restoreObject(b -> b.bucket(bucket).key("cold").restoreRequest(r -> r.days(1)));
        List<OutboxRows.Row> rows = events(bucket, 1);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectRestore:Post");
        assertThat(rows.get(0).record().get("eventVersion").asString()).isEqualTo("2.1");
        assertThat(rows.get(0).record().get("userIdentity").get("principalId").asString()).isEqualTo("AWS:000000000000");

        clock.advance(Duration.ofHours(6)); // a Standard retrieval takes 5 hours
        rows = events(bucket, 2);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectRestore:Post",
                "aws.s3.ObjectRestore:Completed");
        JsonNode restore = rows.get(1).record().get("glacierEventData").get("restoreEventData");
        assertThat(restore.get("lifecycleRestoreStorageClass").asString()).isEqualTo("GLACIER");
        String expiry = S3.headObject(b -> b.bucket(bucket).key("cold")).restore();
        assertThat(Instant.parse(restore.get("lifecycleRestorationExpiryTime").asString()).truncatedTo(
                java.time.temporal.ChronoUnit.DAYS)).isNotNull();
        assertThat(expiry).contains("ongoing-request=\"false\"");

        clock.advance(Duration.ofDays(2));
        rows = events(bucket, 3);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectRestore:Post",
                "aws.s3.ObjectRestore:Completed", "aws.s3.ObjectRestore:Delete");
        assertThat(rows.get(2).record().get("eventVersion").asString()).isEqualTo("2.3");
        assertThat(S3TestService.bean(dev.overcast.s3.restore.RestoreEvents.class).announceDue()).isZero();
        assertThat(OutboxRows.events(bucket)).hasSize(3); // each announced once
    }

    @Test
    void anAclPutThatChangesTheAclIsAnnounced() throws Exception {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket).objectOwnership(software.amazon.awssdk.services.s3.model.ObjectOwnership
                .BUCKET_OWNER_PREFERRED));
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.id("acl").queueArn(QUEUE).eventsWithStrings("s3:ObjectAcl:Put"))));
        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        S3.putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ));
        S3.putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ)); // no change
        List<OutboxRows.Row> rows = events(bucket, 1);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectAcl:Put");
        assertThat(rows.get(0).record().get("eventVersion").asString()).isEqualTo("2.3");
        assertThat(rows.get(0).object().get("eTag").asString()).isNotEmpty();
    }

    @Test
    void aFailedReplicationIsAnnouncedWhenTheRuleHasMetrics() throws Exception {
        String source = bucket(true, "s3:Replication:*");
        String destination = S3TestService.bucketName();
        S3TestService.client("222222222222", "us-east-1").createBucket(b -> b.bucket(destination));
        S3TestService.client("222222222222", "us-east-1").putBucketVersioning(b -> b.bucket(destination)
                .versioningConfiguration(v -> v.status("Enabled")));
        S3.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication")
                .rules(r -> r.id("measured").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                        .destination(d -> d.bucket("arn:aws:s3:::" + destination)
                                .metrics(m -> m.status("Enabled").eventThreshold(t -> t.minutes(15)))
                                .replicationTime(t -> t.status("Enabled").time(v -> v.minutes(15)))))));
        S3.putObject(b -> b.bucket(source).key("refused"), RequestBody.fromString("no policy grants it"));
        List<OutboxRows.Row> rows = events(source, 1);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.Replication:OperationFailedReplication");
        JsonNode record = rows.get(0).record();
        assertThat(record.get("eventVersion").asString()).isEqualTo("2.2");
        JsonNode data = record.get("replicationEventData");
        assertThat(data.get("replicationRuleId").asString()).isEqualTo("measured");
        assertThat(data.get("destinationBucket").asString()).isEqualTo("arn:aws:s3:::" + destination);
        assertThat(data.get("s3Operation").asString()).isEqualTo("OBJECT_PUT");
        assertThat(data.get("failureReason").asString()).isEqualTo("DstPutObjectNotPermitted");
        assertThat(S3.headObject(b -> b.bucket(source).key("refused")).replicationStatusAsString()).isEqualTo("FAILED");
    }
}
