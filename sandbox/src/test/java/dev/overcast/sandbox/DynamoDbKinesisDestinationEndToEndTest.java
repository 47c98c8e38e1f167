package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ApproximateCreationDateTimePrecision;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A DynamoDB table with a Kinesis Data Streams destination, through the sandbox's endpoint: its inserts, modifies and
 * removes arrive on the Kinesis stream (read back with the Kinesis SDK) in AWS's change record format, each item's
 * in order; a destination on a stream that does not exist fails to enable.
 */
class DynamoDbKinesisDestinationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DynamoDbClient dynamoDb() {
        return dynamoDb(SharedSandbox.get().endpoint());
    }

    private static DynamoDbClient dynamoDb(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A new table with a string partition key {@code pk}, once it exists. */
    private static String table(DynamoDbClient ddb) {
        String table = "kds-" + UUID.randomUUID().toString().substring(0, 12);
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }

    private static KinesisDataStreamDestination waitFor(DynamoDbClient ddb, String table, DestinationStatus status)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            KinesisDataStreamDestination d = ddb.describeKinesisStreamingDestination(b -> b.tableName(table))
                    .kinesisDataStreamDestinations().get(0);
            if (d.destinationStatus() == status || Instant.now().isAfter(deadline)) {
                assertThat(d.destinationStatus()).isEqualTo(status);
                return d;
            }
            Thread.sleep(100);
        }
    }

    /** Every record of the stream (each shard from TRIM_HORIZON), once there are at least {@code count}. */
    private static List<JsonNode> read(KinesisClient kinesis, String stream, int count) throws Exception {
        return read(kinesis, stream, count, Duration.ofMinutes(2));
    }

    /** Every record of the stream, once there are at least {@code count} or the wait is over. */
    private static List<JsonNode> read(KinesisClient kinesis, String stream, int count, Duration wait) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
        Map<String, String> iterators = new LinkedHashMap<>();
        for (Shard shard : shards) {
            iterators.put(shard.shardId(), kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < count && Instant.now().isBefore(deadline)) {
            for (Map.Entry<String, String> e : iterators.entrySet()) {
                var page = kinesis.getRecords(b -> b.shardIterator(e.getValue()));
                for (Record r : page.records()) {
                    JsonNode change = JSON.readTree(r.data().asUtf8String());
                    assertThat(r.partitionKey()).matches("[0-9A-F]{32}");
                    out.add(change);
                }
                e.setValue(page.nextShardIterator());
            }
            if (out.size() < count) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    private static String event(JsonNode change) {
        JsonNode d = change.get("dynamodb");
        return change.get("eventName").asText() + ":" + d.get("Keys").get("pk").get("S").asText()
                + (d.has("NewImage") ? "=" + d.get("NewImage").get("v").get("N").asText() : "");
    }

    @Test
    void insertsModifiesAndRemovesArriveOnTheKinesisStreamInOrder() throws Exception {
        try (DynamoDbClient ddb = dynamoDb(); KinesisClient kinesis = KinesisEndToEndTest.client(true)) {
            String stream = KinesisEndToEndTest.activeStream(kinesis, 2);
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            String table = table(ddb);

            assertThat(ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn(streamArn))
                    .destinationStatus()).isEqualTo(DestinationStatus.ENABLING);
            KinesisDataStreamDestination active = waitFor(ddb, table, DestinationStatus.ACTIVE);
            assertThat(active.approximateCreationDateTimePrecision()).isEqualTo(ApproximateCreationDateTimePrecision.MILLISECOND);

            // no DynamoDB stream on this table: the destination does not need one
            for (int i = 1; i <= 3; i++) {
                int v = i;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n(v))));
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("b" + v), "v", n(v))));
            }
            ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a"))).updateExpression("SET v = v + :one")
                    .expressionAttributeValues(Map.of(":one", n(1))));
            ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("b2"))));
            ddb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("a")))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", s("c"), "v", n(9)))).build()));

            List<JsonNode> changes = read(kinesis, stream, 10);
            assertThat(changes).hasSize(10);
            Map<String, List<String>> byItem = new LinkedHashMap<>();
            changes.forEach(c -> byItem.computeIfAbsent(c.get("dynamodb").get("Keys").get("pk").get("S").asText(),
                    k -> new ArrayList<>()).add(event(c)));
            assertThat(byItem.get("a")).containsExactly("INSERT:a=1", "MODIFY:a=2", "MODIFY:a=3", "MODIFY:a=4", "REMOVE:a");
            assertThat(byItem.get("b2")).containsExactly("INSERT:b2=2", "REMOVE:b2");
            assertThat(byItem.get("b1")).containsExactly("INSERT:b1=1");
            assertThat(byItem.get("c")).containsExactly("INSERT:c=9");

            JsonNode modify = changes.stream().filter(c -> event(c).equals("MODIFY:a=4")).findFirst().orElseThrow();
            assertThat(modify.get("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(modify.get("eventSource").asText()).isEqualTo("aws:dynamodb");
            assertThat(modify.get("recordFormat").asText()).isEqualTo("application/json");
            assertThat(modify.get("tableName").asText()).isEqualTo(table);
            assertThat(modify.get("eventID").asText()).isNotEmpty();
            assertThat(modify.get("userIdentity").isNull()).isTrue();
            JsonNode d = modify.get("dynamodb");
            assertThat(d.get("OldImage").get("v").get("N").asText()).isEqualTo("3");
            assertThat(d.get("SizeBytes").asLong()).isPositive();
            assertThat(d.get("ApproximateCreationDateTime").asLong())
                    .isBetween(Instant.now().minus(Duration.ofHours(1)).toEpochMilli(), Instant.now().plusSeconds(60).toEpochMilli());
            JsonNode remove = changes.stream().filter(c -> event(c).equals("REMOVE:a")).findFirst().orElseThrow();
            assertThat(remove.get("dynamodb").has("NewImage")).isFalse();
            assertThat(remove.get("dynamodb").get("OldImage").get("v").get("N").asText()).isEqualTo("4");

            // microsecond timestamps after an update; then disabling stops the delivery
            ddb.updateKinesisStreamingDestination(b -> b.tableName(table).streamArn(streamArn)
                    .updateKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision(
                            ApproximateCreationDateTimePrecision.MICROSECOND)));
            waitFor(ddb, table, DestinationStatus.ACTIVE);
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("micro"), "v", n(1))));
            JsonNode micro = read(kinesis, stream, 11).stream().filter(c -> event(c).startsWith("INSERT:micro"))
                    .findFirst().orElseThrow();
            assertThat(event(micro)).isEqualTo("INSERT:micro=1");
            assertThat(micro.get("dynamodb").get("ApproximateCreationDateTime").asLong())
                    .isGreaterThan(Instant.now().minus(Duration.ofHours(1)).toEpochMilli() * 1000);

            assertThat(ddb.disableKinesisStreamingDestination(b -> b.tableName(table).streamArn(streamArn))
                    .destinationStatus()).isEqualTo(DestinationStatus.DISABLING);
            waitFor(ddb, table, DestinationStatus.DISABLED);
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("after"), "v", n(1))));
            // several relay runs later, nothing more has arrived
            assertThat(read(kinesis, stream, 12, Duration.ofSeconds(2))).hasSize(11);
        }
    }

    @Test
    void twoReplicasOfTheServiceDeliverEachChangeOnce() throws Exception {
        // a second sandbox on the same database: its DynamoDB relays the same destinations, every 20 ms
        try (Sandbox replica = SharedSandbox.start(Map.of("overcast.dynamodb.kinesis-relay-interval", "20ms"));
             DynamoDbClient ddb = dynamoDb(); DynamoDbClient other = dynamoDb(replica.endpoint());
             KinesisClient kinesis = KinesisEndToEndTest.client(true)) {
            String stream = KinesisEndToEndTest.activeStream(kinesis, 1);
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            String table = table(ddb);
            ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn(streamArn));
            waitFor(ddb, table, DestinationStatus.ACTIVE);
            for (int i = 0; i < 60; i++) {
                int v = i;
                (i % 2 == 0 ? ddb : other).putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + (v % 7)), "v", n(v))));
            }
            List<JsonNode> changes = read(kinesis, stream, 60);
            assertThat(changes).extracting(c -> c.get("eventID").asText()).hasSize(60).doesNotHaveDuplicates();
            // one shard: the stream holds every item's changes in the order they were made
            assertThat(changes).extracting(c -> c.get("dynamodb").get("NewImage").get("v").get("N").asInt())
                    .isSorted();
            assertThat(read(kinesis, stream, 61, Duration.ofSeconds(1))).hasSize(60);
        }
    }

    @Test
    void aDestinationOnAStreamThatDoesNotExistFailsToEnable() throws Exception {
        try (DynamoDbClient ddb = dynamoDb()) {
            String table = table(ddb);
            String missing = "arn:aws:kinesis:us-east-1:000000000000:stream/no-such-stream-" + UUID.randomUUID();
            ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn(missing));
            KinesisDataStreamDestination failed = waitFor(ddb, table, DestinationStatus.ENABLE_FAILED);
            assertThat(failed.destinationStatusDescription()).contains("does not exist");
            // a failed destination can be enabled again
            assertThat(ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn(missing)).destinationStatus())
                    .isEqualTo(DestinationStatus.ENABLING);
        }
    }
}
