package dev.overcast.s3.notification;

import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The events each change writes into the outbox, in its transaction: S3's event message per matching destination,
 * keyed by bucket/key, with a sequencer that orders a key's events; none for a change that failed, none for a bucket
 * without configuration.
 */
class NotificationEventsTest {

    private static final S3Client S3 = S3TestService.client();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:all-events";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:logs";

    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
    }

    private void notifyQueueOf(Event... events) {
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                QueueConfiguration.builder().id("all").queueArn(QUEUE).events(events).build())));
    }

    @Test
    void aPutWritesS3sEventMessage() {
        notifyQueueOf(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED, Event.S3_OBJECT_TAGGING);
        PutObjectResponse put = S3.putObject(b -> b.bucket(bucket).key("photos/red flower=1.jpg"),
                RequestBody.fromString("hello"));

        List<OutboxRows.Row> rows = OutboxRows.events(bucket);
        assertThat(rows).hasSize(1);
        OutboxRows.Row row = rows.get(0);
        assertThat(row.topic()).isEqualTo("overcast.s3.events");
        assertThat(row.key()).isEqualTo(bucket + "/photos/red flower=1.jpg");
        assertThat(row.type()).isEqualTo("aws.s3.ObjectCreated:Put");
        assertThat(row.destination()).isEqualTo(QUEUE);
        assertThat(row.event().get("specversion").asString()).isEqualTo("1.0");
        assertThat(row.event().get("source").asString()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(row.event().get("subject").asString()).isEqualTo("photos/red flower=1.jpg");

        JsonNode record = row.record();
        assertThat(record.get("eventVersion").asString()).isEqualTo("2.1");
        assertThat(record.get("eventSource").asString()).isEqualTo("aws:s3");
        assertThat(record.get("awsRegion").asString()).isEqualTo("us-east-1");
        assertThat(record.get("eventName").asString()).isEqualTo("ObjectCreated:Put");
        assertThat(record.get("eventTime").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(record.get("userIdentity").get("principalId").asString()).isEqualTo("AWS:000000000000");
        assertThat(record.get("requestParameters").get("sourceIPAddress").asString()).isNotEmpty();
        assertThat(record.get("responseElements").get("x-amz-request-id").asString()).matches("[0-9A-F]{16}");
        JsonNode s3 = record.get("s3");
        assertThat(s3.get("s3SchemaVersion").asString()).isEqualTo("1.0");
        assertThat(s3.get("configurationId").asString()).isEqualTo("all");
        assertThat(s3.get("bucket").get("name").asString()).isEqualTo(bucket);
        assertThat(s3.get("bucket").get("arn").asString()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(s3.get("bucket").get("ownerIdentity").get("principalId").asString()).isNotEmpty();
        JsonNode object = row.object();
        assertThat(object.get("key").asString()).isEqualTo("photos/red+flower%3D1.jpg"); // URL-encoded, slashes kept
        assertThat(object.get("size").asLong()).isEqualTo(5);
        assertThat(object.get("eTag").asString()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(object.has("versionId")).isFalse(); // a bucket never versioned
        assertThat(object.get("sequencer").asString()).matches("[0-9A-F]{16}");
    }

    @Test
    void copiesMultipartCompletesDeletesAndTagging() {
        notifyQueueOf(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED, Event.S3_OBJECT_TAGGING);
        S3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a"));
        S3.copyObject(b -> b.sourceBucket(bucket).sourceKey("a").destinationBucket(bucket).destinationKey("b"));
        String upload = S3.createMultipartUpload(b -> b.bucket(bucket).key("m")).uploadId();
        String etag = S3.uploadPart(b -> b.bucket(bucket).key("m").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        S3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        S3.putObjectTagging(b -> b.bucket(bucket).key("a").tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build())));
        S3.deleteObjectTagging(b -> b.bucket(bucket).key("a"));
        S3.deleteObject(b -> b.bucket(bucket).key("a"));
        S3.deleteObject(b -> b.bucket(bucket).key("never-there")); // removes nothing: no event
        S3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("m").build())));

        List<OutboxRows.Row> rows = OutboxRows.events(bucket);
        assertThat(rows).extracting(r -> r.type() + " " + r.key().substring(bucket.length() + 1)).containsExactly(
                "aws.s3.ObjectCreated:Put a",
                "aws.s3.ObjectCreated:Copy b",
                "aws.s3.ObjectCreated:CompleteMultipartUpload m",
                "aws.s3.ObjectTagging:Put a",
                "aws.s3.ObjectTagging:Delete a",
                "aws.s3.ObjectRemoved:Delete a",
                "aws.s3.ObjectRemoved:Delete b",
                "aws.s3.ObjectRemoved:Delete m");
        assertThat(rows.get(2).object().get("size").asLong()).isEqualTo(4);
        assertThat(rows.get(2).object().get("eTag").asString()).endsWith("-1");
        assertThat(rows.get(3).record().get("eventVersion").asString()).isEqualTo("2.3");
        assertThat(rows.get(3).object().has("size")).isFalse();
        assertThat(rows.get(5).object().has("size")).isFalse();
        assertThat(rows.get(5).object().has("eTag")).isFalse();
        // the sequencer orders the events of one key
        List<String> ofA = rows.stream().filter(r -> r.key().equals(bucket + "/a"))
                .map(r -> r.object().get("sequencer").asString()).toList();
        assertThat(ofA).hasSize(4).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void versionedBucketsNameVersionsAndDeleteMarkers() {
        S3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        notifyQueueOf(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED);
        String v1 = S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("1")).versionId();
        String marker = S3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();
        S3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v1));

        List<OutboxRows.Row> rows = OutboxRows.events(bucket);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectCreated:Put",
                "aws.s3.ObjectRemoved:DeleteMarkerCreated", "aws.s3.ObjectRemoved:Delete");
        assertThat(rows).extracting(r -> r.object().get("versionId").asString()).containsExactly(v1, marker, v1);
        assertThat(rows).extracting(r -> r.object().get("sequencer").asString()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void filtersAndEventTypesSelectTheDestinations() {
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(NotificationConfiguration
                .builder()
                .queueConfigurations(QueueConfiguration.builder().id("images").queueArn(QUEUE)
                        .events(Event.S3_OBJECT_CREATED_PUT).filter(f -> f.key(k -> k.filterRules(
                                r -> r.name(FilterRuleName.PREFIX).value("images/"),
                                r -> r.name(FilterRuleName.SUFFIX).value(".jpg")))).build())
                .topicConfigurations(TopicConfiguration.builder().id("removals").topicArn(TOPIC)
                        .events(Event.S3_OBJECT_REMOVED).build())
                .eventBridgeConfiguration(e -> { })
                .build()));
        S3.putObject(b -> b.bucket(bucket).key("images/cat.jpg"), RequestBody.fromString("x"));
        S3.putObject(b -> b.bucket(bucket).key("images/cat.png"), RequestBody.fromString("x"));
        S3.putObject(b -> b.bucket(bucket).key("docs/cat.jpg"), RequestBody.fromString("x"));
        S3.copyObject(b -> b.sourceBucket(bucket).sourceKey("docs/cat.jpg").destinationBucket(bucket)
                .destinationKey("images/copy.jpg")); // a copy is not a Put
        S3.deleteObject(b -> b.bucket(bucket).key("images/cat.png"));

        List<String> got = OutboxRows.events(bucket).stream()
                .map(r -> r.type() + " " + r.key().substring(bucket.length() + 1) + " " + r.destination()).toList();
        String eventBus = "arn:aws:events:us-east-1:000000000000:event-bus/default";
        assertThat(got).containsExactly(
                "aws.s3.ObjectCreated:Put images/cat.jpg " + QUEUE,
                "aws.s3.ObjectCreated:Put images/cat.jpg " + eventBus,
                "aws.s3.ObjectCreated:Put images/cat.png " + eventBus,
                "aws.s3.ObjectCreated:Put docs/cat.jpg " + eventBus,
                "aws.s3.ObjectCreated:Copy images/copy.jpg " + eventBus,
                "aws.s3.ObjectRemoved:Delete images/cat.png " + TOPIC,
                "aws.s3.ObjectRemoved:Delete images/cat.png " + eventBus);
        JsonNode bridged = OutboxRows.events(bucket).get(1).event().get("data");
        assertThat(bridged.get("detail-type").asString()).isEqualTo("Object Created");
        assertThat(bridged.get("source").asString()).isEqualTo("aws.s3");
        assertThat(bridged.get("detail").get("object").get("key").asString()).isEqualTo("images/cat.jpg");
        assertThat(bridged.get("detail").get("reason").asString()).isEqualTo("PutObject");
    }

    @Test
    void aFailedWriteWritesNoEvent() {
        notifyQueueOf(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED);
        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("1"));
        failure(() -> S3.putObject(b -> b.bucket(bucket).key("k").ifMatch("\"0123\""), RequestBody.fromString("2")));
        failure(() -> S3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("2")));
        failure(() -> S3.deleteObject(b -> b.bucket(bucket).key("k").ifMatch("\"0123\"")));
        failure(() -> S3.copyObject(b -> b.sourceBucket(bucket).sourceKey("missing").destinationBucket(bucket)
                .destinationKey("k2")));
        assertThat(OutboxRows.events(bucket)).hasSize(1);
    }

    @Test
    void aBucketWithoutConfigurationWritesNothing() {
        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("1"));
        S3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(OutboxRows.of(bucket)).isEmpty();
        // and one whose configuration was removed
        notifyQueueOf(Event.S3_OBJECT_CREATED);
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> { }));
        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("1"));
        assertThat(OutboxRows.events(bucket)).isEmpty();
    }

    @Test
    void aLargePutAndAPostUpload() throws Exception {
        notifyQueueOf(Event.S3_OBJECT_CREATED);
        byte[] large = new byte[100_000]; // beyond the inline limit: the chunked path
        S3.putObject(b -> b.bucket(bucket).key("large"), RequestBody.fromBytes(large));
        // an unsigned browser form: the bucket's policy lets anyone upload this key
        S3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + bucket
                + "/posted\"}]}"));
        String boundary = "----overcast";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nposted\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: text/plain\r\n\r\nposted body\r\n--" + boundary + "--\r\n";
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(S3TestService.endpoint() + "/" + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(204);
        List<OutboxRows.Row> rows = OutboxRows.events(bucket);
        assertThat(rows).extracting(OutboxRows.Row::type).containsExactly("aws.s3.ObjectCreated:Put",
                "aws.s3.ObjectCreated:Post");
        assertThat(rows.get(0).object().get("size").asLong()).isEqualTo(100_000);
        assertThat(rows.get(1).object().get("size").asLong()).isEqualTo(11);
    }
}
