package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import tools.jackson.databind.JsonNode;

/**
 * The bus as a user reads it: DynamoDB Streams and S3 event notifications, from a sandbox with its own broker (one per
 * class), read by a plain Kafka consumer.
 */
class BusEndToEndTest {

    private static Path dataDir;
    private static Sandbox sandbox;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("overcast-bus-e2e");
        TestDatabase.server();
        sandbox = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of())
                .withDatabase(TestDatabase.server().jdbcUrl(null), "postgres", "").withBusBroker(0));
        ddb = DynamoDbClient.builder().endpointOverride(URI.create(sandbox.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        TestDatabase.deleteRecursively(dataDir);
    }

    static String table(StreamViewType view) {
        String table = "bus-" + UUID.randomUUID().toString().substring(0, 12);
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(view)));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    static void put(String table, String pk, int v) {
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN(Integer.toString(v)))));
    }

    @Test
    void aKafkaConsumerReadsATablesChangesWithTypeKeyAndOrder() {
        String table = table(StreamViewType.NEW_AND_OLD_IMAGES);
        String tableArn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        put(table, "a", 1);
        put(table, "b", 1);
        put(table, "a", 2);
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("a"))));
        put(table, "b", 2);

        try (BusConsumer consumer = new BusConsumer(sandbox.busBootstrap(), "overcast.dynamodb.streams")) {
            List<ConsumerRecord<String, String>> records = consumer.read(r -> r.key().startsWith(tableArn + "|"), 5, Duration.ofSeconds(90));
            assertThat(records).hasSize(5);
            List<JsonNode> events = records.stream().map(BusConsumer::event).toList();
            assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("aws.dynamodb.INSERT", "aws.dynamodb.INSERT",
                    "aws.dynamodb.MODIFY", "aws.dynamodb.REMOVE", "aws.dynamodb.MODIFY");
            assertThat(records.get(0).key()).isEqualTo(tableArn + "|{\"pk\":{\"S\":\"a\"}}");
            assertThat(new String(records.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
            JsonNode first = events.get(0);
            assertThat(first.path("specversion").asString()).isEqualTo("1.0");
            assertThat(first.path("source").asString()).isEqualTo(tableArn);
            assertThat(first.path("datacontenttype").asString()).isEqualTo("application/json");
            // the data is the record as GetRecords returns it
            JsonNode data = first.path("data");
            assertThat(data.path("eventName").asString()).isEqualTo("INSERT");
            assertThat(data.path("eventSource").asString()).isEqualTo("aws:dynamodb");
            assertThat(data.path("eventID").asString()).isEqualTo(first.path("id").asString());
            assertThat(data.path("dynamodb").path("Keys").path("pk").path("S").asString()).isEqualTo("a");
            assertThat(data.path("dynamodb").path("NewImage").path("v").path("N").asString()).isEqualTo("1");
            assertThat(data.path("dynamodb").path("StreamViewType").asString()).isEqualTo("NEW_AND_OLD_IMAGES");
            JsonNode modify = events.get(2).path("data").path("dynamodb");
            assertThat(modify.path("OldImage").path("v").path("N").asString()).isEqualTo("1");
            assertThat(modify.path("NewImage").path("v").path("N").asString()).isEqualTo("2");
            // sequence numbers rise in the order the consumer sees them, and match the Streams API's
            List<String> seqs = events.stream().map(e -> e.path("data").path("dynamodb").path("SequenceNumber").asString()).toList();
            assertThat(seqs).isSorted();
            String streamArn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            var streams = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                    .endpointOverride(URI.create(sandbox.endpoint())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(software.amazon.awssdk.services.dynamodb.model.ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(streams.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(r -> r.dynamodb().sequenceNumber()).containsExactlyElementsOf(seqs);
        }
    }

    @Test
    void writesSucceedWhileTheBrokerIsDownAndTheirEventsFollowWhenItIsBack() throws Exception {
        String table = table(StreamViewType.KEYS_ONLY);
        String tableArn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        sandbox.busBroker().stop();
        try {
            for (int i = 0; i < 10; i++) {
                put(table, "k" + i, i);
            }
            String health = awaitHealth("\"bus\":{\"status\":\"DOWN\"");
            assertThat(health).contains("\"status\":\"DEGRADED\"", "\"dynamodb\":{\"url\"");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(sandbox.endpoint() + "/_overcast/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("a service whose bus is away still serves").isEqualTo(200);
        } finally {
            sandbox.busBroker().restart();
        }
        try (BusConsumer consumer = new BusConsumer(sandbox.busBootstrap(), "overcast.dynamodb.streams")) {
            java.util.Set<String> seen = new java.util.TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (seen.size() < 10 && System.nanoTime() < deadline) {
                // at least once: an attempt cut short by the outage may have reached the log before it was retried
                consumer.read(r -> r.key().startsWith(tableArn + "|"), 1, Duration.ofSeconds(2)).forEach(r ->
                        seen.add(BusConsumer.event(r).path("data").path("dynamodb").path("Keys").path("pk").path("S").asString()));
            }
            assertThat(seen).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        }
        assertThat(awaitHealth("\"bus\":{\"status\":\"UP\"")).contains("\"status\":\"UP\"");
    }

    @Test
    void aKafkaConsumerReadsABucketsEventsFilteredAndInOrderPerKey() throws Exception {
        software.amazon.awssdk.services.s3.S3Client s3 = Clients.s3(sandbox.endpoint());
        String bucket = "bus-" + UUID.randomUUID().toString().substring(0, 12);
        String queue = "arn:aws:sqs:us-east-1:000000000000:bus-events";
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.id("in").queueArn(queue).eventsWithStrings("s3:ObjectCreated:*", "s3:ObjectRemoved:*")
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name("prefix").value("in/")))))));
        s3.putObject(b -> b.bucket(bucket).key("in/a"), software.amazon.awssdk.core.sync.RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket(bucket).key("out/x"), software.amazon.awssdk.core.sync.RequestBody.fromString("filtered out"));
        s3.putObject(b -> b.bucket(bucket).key("in/a"), software.amazon.awssdk.core.sync.RequestBody.fromString("two"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("in/a").destinationBucket(bucket).destinationKey("in/b"));
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("in/m")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("in/m").uploadId(upload).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("in/m").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        s3.deleteObject(b -> b.bucket(bucket).key("in/a"));

        try (BusConsumer consumer = new BusConsumer(sandbox.busBootstrap(), "overcast.s3.events")) {
            List<ConsumerRecord<String, String>> records = consumer.read(r -> r.key().startsWith(bucket), 6, Duration.ofSeconds(90));
            List<JsonNode> events = records.stream().map(BusConsumer::event).toList();
            // the test event S3 sends a queue when the configuration is saved, then one event per matching change
            assertThat(events).extracting(e -> e.path("type").asString()).containsExactlyInAnyOrder("aws.s3.TestEvent",
                    "aws.s3.ObjectCreated:Put", "aws.s3.ObjectCreated:Put", "aws.s3.ObjectCreated:Copy",
                    "aws.s3.ObjectCreated:CompleteMultipartUpload", "aws.s3.ObjectRemoved:Delete");
            assertThat(records).extracting(ConsumerRecord::key).doesNotContain(bucket + "/out/x");
            List<JsonNode> ofA = records.stream().filter(r -> r.key().equals(bucket + "/in/a")).map(BusConsumer::event).toList();
            assertThat(ofA).extracting(e -> e.path("type").asString())
                    .containsExactly("aws.s3.ObjectCreated:Put", "aws.s3.ObjectCreated:Put", "aws.s3.ObjectRemoved:Delete");
            List<String> sequencers = ofA.stream()
                    .map(e -> e.path("data").path("Records").get(0).path("s3").path("object").path("sequencer").asString()).toList();
            assertThat(sequencers).doesNotContain("").isSorted().doesNotHaveDuplicates();
            JsonNode put = ofA.get(0);
            assertThat(put.path("source").asString()).isEqualTo("arn:aws:s3:::" + bucket);
            assertThat(put.path("overcastdestination").asString()).isEqualTo(queue);
            JsonNode record = put.path("data").path("Records").get(0);
            assertThat(record.path("eventName").asString()).isEqualTo("ObjectCreated:Put");
            assertThat(record.path("s3").path("configurationId").asString()).isEqualTo("in");
            assertThat(record.path("s3").path("object").path("key").asString()).isEqualTo("in/a");
            assertThat(record.path("s3").path("object").path("size").asLong()).isEqualTo(3);
        }
    }

    private static String awaitHealth(String expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 120 && !body.replace(" ", "").contains(expected); i++) {
            if (i > 0) {
                Thread.sleep(500);
            }
            body = http.send(HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/_overcast/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(body.replace(" ", "")).contains(expected);
        return body.replace(" ", "");
    }
}
