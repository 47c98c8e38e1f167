package dev.overcast.s3.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.overcast.s3.S3TestService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A destination mapped to an HTTP endpoint ({@code overcast.notification-endpoints}, see {@link S3TestService}) gets
 * the event message POSTed by the background worker: as the body for a queue, as an SNS notification for a topic;
 * an endpoint that fails gets it again later.
 */
class NotificationEndpointTest {

    private static final S3Client S3 = S3TestService.client();
    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    /** How many of the next requests the endpoint answers 500. */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static HttpServer server;

    private record Received(String path, String contentType, String snsType, JsonNode body) {
    }

    @BeforeAll
    static void startEndpoint() throws IOException {
        S3TestService.embedded();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", S3TestService.NOTIFICATION_ENDPOINT_PORT), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                RECEIVED.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("x-amz-sns-message-type"),
                        OutboxRows.JSON.readTree(new String(body, StandardCharsets.UTF_8))));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopEndpoint() {
        server.stop(0);
    }

    /** The next message the endpoint took for the bucket (others, of other tests' buckets, skipped). */
    private static Received next(String bucket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Received r = RECEIVED.poll(1, TimeUnit.SECONDS);
            if (r != null && r.body().toString().contains(bucket)) {
                return r;
            }
        }
        throw new AssertionError("no message for " + bucket + " reached the endpoint");
    }

    @Test
    void aQueueEndpointReceivesTheTestEventAndTheEventMessage() throws Exception {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                QueueConfiguration.builder().id("mapped").queueArn(S3TestService.NOTIFICATION_ENDPOINT_QUEUE)
                        .events(Event.S3_OBJECT_CREATED).build())));
        Received test = next(bucket);
        assertThat(test.path()).isEqualTo("/queue");
        assertThat(test.body().get("Event").asString()).isEqualTo("s3:TestEvent");

        S3.putObject(b -> b.bucket(bucket).key("report.csv"), RequestBody.fromString("a,b"));
        Received event = next(bucket);
        assertThat(event.contentType()).startsWith("application/json");
        JsonNode record = event.body().get("Records").get(0);
        assertThat(record.get("eventName").asString()).isEqualTo("ObjectCreated:Put");
        assertThat(record.get("s3").get("configurationId").asString()).isEqualTo("mapped");
        assertThat(record.get("s3").get("object").get("key").asString()).isEqualTo("report.csv");
        assertThat(record.get("s3").get("object").get("size").asLong()).isEqualTo(3);
    }

    @Test
    void aTopicEndpointReceivesSnsNotificationsAndAFailedDeliveryIsRetried() throws Exception {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.topicConfigurations(
                TopicConfiguration.builder().topicArn(S3TestService.NOTIFICATION_ENDPOINT_TOPIC)
                        .events(Event.S3_OBJECT_REMOVED).filter(f -> f.key(k -> k.filterRules(
                                r -> r.name(FilterRuleName.SUFFIX).value(".log")))).build())));
        assertThat(next(bucket).snsType()).isEqualTo("Notification"); // the test event

        S3.putObject(b -> b.bucket(bucket).key("app.log"), RequestBody.fromString("x"));
        FAILURES.set(2);
        S3.deleteObject(b -> b.bucket(bucket).key("app.log"));
        Received event = next(bucket);
        assertThat(FAILURES.get()).isZero(); // it failed twice before
        assertThat(event.path()).isEqualTo("/topic");
        assertThat(event.snsType()).isEqualTo("Notification");
        assertThat(event.body().get("Type").asString()).isEqualTo("Notification");
        assertThat(event.body().get("TopicArn").asString()).isEqualTo(S3TestService.NOTIFICATION_ENDPOINT_TOPIC);
        JsonNode message = OutboxRows.JSON.readTree(event.body().get("Message").asString());
        assertThat(message.get("Records").get(0).get("eventName").asString()).isEqualTo("ObjectRemoved:Delete");
        // once delivered, the row goes (the worker commits after the endpoint has answered)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending(bucket) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pending(bucket)).isZero();
    }

    private static long pending(String bucket) {
        return S3TestService.jdbc().queryForObject(
                "select count(*) from s3.notification_delivery where message like ?", Long.class, "%" + bucket + "%");
    }
}
