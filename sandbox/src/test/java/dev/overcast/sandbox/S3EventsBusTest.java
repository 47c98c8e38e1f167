package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Action;
import software.amazon.awssdk.services.glue.model.TriggerType;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import tools.jackson.databind.JsonNode;

/**
 * S3's events on the bus as a plain Kafka consumer reads them, from a sandbox with its own broker and database (its
 * clock is moved, which must not move the other tests' time): a lifecycle expiration announced once the clock passes
 * its day, and a key's events in commit order after a broker outage.
 */
class S3EventsBusTest {

    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:bus-s3-events";

    @TempDir
    static Path dataDir;
    private static Sandbox sandbox;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        // the Glue workflow of twoPutsIntoABucketWithEventBridgeOn… is mapped to its bucket, as an EventBridge rule would
        sandbox = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of("overcast.admin", "true",
                "overcast.glue.event-sources", "landing_flow=glue-landing/incoming/")).withBusBroker(0));
        s3 = Clients.s3(sandbox.endpoint());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String bucket(String... events) {
        String bucket = "events-" + UUID.randomUUID().toString().substring(0, 12);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.id("bus").queueArn(QUEUE).eventsWithStrings(events))));
        return bucket;
    }

    private static String type(ConsumerRecord<String, String> record) {
        return BusConsumer.event(record).path("type").asString();
    }

    @Test
    void aLifecycleExpirationIsOnTheBusOnceTheClockPassesItsDay() throws Exception {
        String bucket = bucket("s3:LifecycleExpiration:*");
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(r -> r.id("month")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("tmp/")).expiration(e -> e.days(30)))));
        s3.putObject(b -> b.bucket(bucket).key("tmp/report.csv"), RequestBody.fromString("a,b"));
        s3.putObject(b -> b.bucket(bucket).key("keep/report.csv"), RequestBody.fromString("a,b"));

        HttpResponse<String> moved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.endpoint() + "/_overcast/clock")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"advance\": \"P31D\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).isEqualTo(200);

        try (BusConsumer consumer = new BusConsumer(sandbox.busBootstrap(), "overcast.s3.events")) {
            List<ConsumerRecord<String, String>> records = consumer.read(r -> r.key().startsWith(bucket + "/"), 1,
                    Duration.ofSeconds(120));
            assertThat(records).extracting(ConsumerRecord::key).containsExactly(bucket + "/tmp/report.csv");
            JsonNode event = BusConsumer.event(records.get(0));
            assertThat(event.path("type").asString()).isEqualTo("aws.s3.LifecycleExpiration:Delete");
            assertThat(event.path("overcastdestination").asString()).isEqualTo(QUEUE);
            JsonNode record = event.path("data").path("Records").get(0);
            assertThat(record.path("eventName").asString()).isEqualTo("LifecycleExpiration:Delete");
            assertThat(record.path("eventVersion").asString()).isEqualTo("2.3");
            assertThat(record.path("userIdentity").path("principalId").asString()).isEqualTo("s3.amazonaws.com");
        }
    }

    @Test
    void aKeysEventsArriveInCommitOrderAfterABrokerOutage() throws Exception {
        String bucket = bucket("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
        sandbox.busBroker().stop();
        try {
            for (int i = 0; i < 5; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v" + n));
                s3.putObject(b -> b.bucket(bucket).key("other"), RequestBody.fromString("o" + n));
            }
            s3.deleteObject(b -> b.bucket(bucket).key("k"));
        } finally {
            sandbox.busBroker().restart();
        }
        try (BusConsumer consumer = new BusConsumer(sandbox.busBootstrap(), "overcast.s3.events")) {
            // at least once: an attempt cut short by the outage may have reached the log before it was retried; the
            // first delivery of each event keeps the order of the commits
            Map<String, ConsumerRecord<String, String>> firstById = new java.util.LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (firstById.size() < 6 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.read(r -> r.key().equals(bucket + "/k"), 1,
                        Duration.ofSeconds(2))) {
                    firstById.putIfAbsent(BusConsumer.event(r).path("id").asString(), r);
                }
            }
            List<ConsumerRecord<String, String>> firsts = new ArrayList<>(firstById.values());
            assertThat(firsts).extracting(S3EventsBusTest::type).containsExactly("aws.s3.ObjectCreated:Put",
                    "aws.s3.ObjectCreated:Put", "aws.s3.ObjectCreated:Put", "aws.s3.ObjectCreated:Put",
                    "aws.s3.ObjectCreated:Put", "aws.s3.ObjectRemoved:Delete");
            assertThat(firsts).extracting(r -> BusConsumer.event(r).path("data").path("Records").get(0).path("s3")
                    .path("object").path("sequencer").asString()).isSorted().doesNotHaveDuplicates();
            assertThat(firsts.subList(0, 5)).extracting(r -> BusConsumer.event(r).path("data").path("Records").get(0)
                    .path("s3").path("object").path("size").asLong()).containsOnly(2L);
        }
    }

    /**
     * A Glue EVENT trigger started by real S3 puts through the bus: S3 writes the EventBridge-bound events in its outbox,
     * the relay publishes them to {@code overcast.s3.events}, Glue's subscription reads them, and the workflow mapped to
     * the bucket by {@code OVERCAST_GLUE_EVENT_SOURCES} starts a run once its batch of two is full.
     */
    @Test
    void twoPutsIntoABucketWithEventBridgeOnStartTheWorkflowRunWithTheirEventIds() throws Exception {
        s3.createBucket(b -> b.bucket("glue-landing"));
        s3.putBucketNotificationConfiguration(b -> b.bucket("glue-landing")
                .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> e.build())));
        s3.putObject(b -> b.bucket("glue-landing").key("scripts/noop.py"), RequestBody.fromString("print('ok')\n"));
        glue().createJob(b -> b.name("landing_load").role("r")
                .command(c -> c.name("pythonshell").scriptLocation("s3://glue-landing/scripts/noop.py")));
        glue().createWorkflow(b -> b.name("landing_flow"));
        glue().createTrigger(b -> b.name("landing_start").workflowName("landing_flow").type(TriggerType.EVENT)
                .startOnCreation(true).eventBatchingCondition(c -> c.batchSize(2))
                .actions(Action.builder().jobName("landing_load").build()));

        s3.putObject(b -> b.bucket("glue-landing").key("incoming/a.csv"), RequestBody.fromString("a"));
        s3.putObject(b -> b.bucket("glue-landing").key("elsewhere/b.csv"), RequestBody.fromString("b"));
        s3.putObject(b -> b.bucket("glue-landing").key("incoming/c.csv"), RequestBody.fromString("c"));

        List<WorkflowRun> runs = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (runs.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            runs = glue().getWorkflowRuns(b -> b.name("landing_flow")).runs();
        }
        assertThat(runs).hasSize(1);
        String ids = runs.get(0).workflowRunProperties().get("aws:eventIds");
        assertThat(ids).startsWith("[").endsWith("]");
        assertThat(ids.substring(1, ids.length() - 1).split(",")).hasSize(2);
        assertThat(runs.get(0).startingEventBatchCondition().batchSize()).isEqualTo(2);
    }

    private static software.amazon.awssdk.services.glue.GlueClient glue() {
        return software.amazon.awssdk.services.glue.GlueClient.builder().endpointOverride(URI.create(sandbox.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }
}
