package dev.overcast.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * DynamoDB workloads on a table keyed by {@code pk} (S) and {@code sk} (S), 100 items of about 200 bytes per
 * partition:
 * <ul>
 *   <li>{@code ddb-put}: PutItem of new items, filling partitions of 100 in turn;</li>
 *   <li>{@code ddb-put-stream}: the same on a table with a stream (NEW_AND_OLD_IMAGES): each write also records its
 *       stream record and, with the bus on, its outbox row (what the bus costs a write, beside {@code ddb-put});</li>
 *   <li>{@code ddb-get}: GetItem of random items of 10 preloaded partitions;</li>
 *   <li>{@code ddb-query}: Query of one page (Limit 25) of a random preloaded partition, starting at a random one of
 *       its four pages (ExclusiveStartKey as the previous page's LastEvaluatedKey).</li>
 * </ul>
 * The setup (create the table, wait until it is ACTIVE, preload with BatchWriteItem) is not measured.
 */
final class DynamoDbWorkloads {

    static final int ITEMS_PER_PARTITION = 100;
    static final int PAGE = 25;
    static final int PRELOADED_PARTITIONS = 10;

    private DynamoDbWorkloads() {
    }

    static LoadGenerator.Result run(String endpoint, String workload, LoadGenerator.Run run) throws Exception {
        try (DynamoDbClient ddb = client(endpoint, run.threads())) {
            String table = createTable(ddb, workload.equals("ddb-put-stream"));
            return switch (workload) {
                case "ddb-put", "ddb-put-stream" -> put(ddb, table, run);
                case "ddb-get" -> get(ddb, table, run);
                case "ddb-query" -> query(ddb, table, run);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            };
        }
    }

    static DynamoDbClient client(String endpoint, int threads) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2)
                        .socketTimeout(Duration.ofMinutes(1)).build())
                .build();
    }

    static String createTable(DynamoDbClient ddb, boolean stream) {
        String table = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(b -> b.tableName(table)
                .streamSpecification(stream ? StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build() : null)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        // the SDK's waiter polls every 20 s by default: poll often, the set-up is not what is measured
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(ddb)
                .overrideConfiguration(w -> w.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .maxAttempts(600))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(table));
        }
        return table;
    }

    /** Item {@code n} of partition {@code p}: the key and a few attributes, about 200 bytes in all. */
    static Map<String, AttributeValue> item(long p, int n) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(partition(p)));
        item.put("sk", AttributeValue.fromS(sortKey(n)));
        item.put("name", AttributeValue.fromS("customer-" + p + "-" + n + "-abcdefghijklmnopqrstuvwxyz"));
        item.put("status", AttributeValue.fromS(n % 3 == 0 ? "ACTIVE" : "PENDING"));
        item.put("amount", AttributeValue.fromN(Long.toString(1000L * p + n)));
        item.put("score", AttributeValue.fromN("12345.678"));
        item.put("enabled", AttributeValue.fromBool(n % 2 == 0));
        item.put("payload", AttributeValue.fromS("x".repeat(90)));
        return item;
    }

    static String partition(long p) {
        return "partition-" + p;
    }

    static String sortKey(int n) {
        return String.format("item-%04d", n);
    }

    private static LoadGenerator.Result put(DynamoDbClient ddb, String table, LoadGenerator.Run run) throws Exception {
        AtomicLong sequence = new AtomicLong();
        return LoadGenerator.timed(run, () -> () -> {
            long n = sequence.getAndIncrement();
            ddb.putItem(b -> b.tableName(table).item(item(n / ITEMS_PER_PARTITION, (int) (n % ITEMS_PER_PARTITION))));
            return 200;
        });
    }

    private static LoadGenerator.Result get(DynamoDbClient ddb, String table, LoadGenerator.Run run) throws Exception {
        preload(ddb, table);
        return LoadGenerator.timed(run, () -> () -> {
            Random random = ThreadLocalRandom.current();
            Map<String, AttributeValue> key = Map.of(
                    "pk", AttributeValue.fromS(partition(random.nextInt(PRELOADED_PARTITIONS))),
                    "sk", AttributeValue.fromS(sortKey(random.nextInt(ITEMS_PER_PARTITION))));
            if (!ddb.getItem(b -> b.tableName(table).key(key)).hasItem()) {
                throw new IllegalStateException("item not found: " + key);
            }
            return 200;
        });
    }

    private static LoadGenerator.Result query(DynamoDbClient ddb, String table, LoadGenerator.Run run) throws Exception {
        preload(ddb, table);
        return LoadGenerator.timed(run, () -> () -> {
            Random random = ThreadLocalRandom.current();
            String pk = partition(random.nextInt(PRELOADED_PARTITIONS));
            int page = random.nextInt(ITEMS_PER_PARTITION / PAGE);
            QueryResponse r = ddb.query(b -> {
                b.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(PAGE);
                if (page > 0) {
                    b.exclusiveStartKey(Map.of("pk", AttributeValue.fromS(pk),
                            "sk", AttributeValue.fromS(sortKey(page * PAGE - 1))));
                }
            });
            if (r.count() != PAGE) {
                throw new IllegalStateException("expected a page of " + PAGE + ", got " + r.count());
            }
            return 200L * PAGE;
        });
    }

    /** Writes the partitions the read workloads read, 25 items per BatchWriteItem. */
    private static void preload(DynamoDbClient ddb, String table) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int p = 0; p < PRELOADED_PARTITIONS; p++) {
            for (int n = 0; n < ITEMS_PER_PARTITION; n++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(p, n)).build()).build());
                if (batch.size() == 25) {
                    write(ddb, table, batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            write(ddb, table, batch);
        }
    }

    private static void write(DynamoDbClient ddb, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(request));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }
}
