package dev.overcast.dynamodb;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The DynamoDB service started once per test JVM on the shared embedded PostgreSQL, and SDK clients for it. */
public final class DynamoDbTestService {

    private static ConfigurableApplicationContext context;
    private static int port;
    /** The port the S3 service of the export and import tests listens on, once {@link #s3()} started it. */
    private static final int S3_PORT = freePort();
    private static ConfigurableApplicationContext s3;

    private DynamoDbTestService() {
    }

    public static synchronized int port() {
        if (context == null) {
            Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("dynamodb"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.dynamodb.status-delay", "0ms",
                    "overcast.dynamodb.ttl-sweep-interval", "500ms",
                    "overcast.dynamodb.throttling", "true",
                    // small shards, so that a test sees a stream's shards split
                    "overcast.dynamodb.stream-split-records", "50",
                    // no Kinesis here: destinations stay ENABLING (the sandbox's tests deliver to its Kinesis)
                    "overcast.dynamodb.kinesis-url", "http://127.0.0.1:1"));
            // exports and imports: S3 on a port of its own, started by the tests that use it (s3()); small data
            // files, so that an export writes several; incremental exports of any period
            properties.putAll(Map.of(
                    "overcast.dynamodb.s3-url", "http://127.0.0.1:" + S3_PORT,
                    "overcast.dynamodb.export-interval", "300ms",
                    "overcast.dynamodb.import-interval", "300ms",
                    "overcast.dynamodb.incremental-export-min-period", "0s",
                    "overcast.dynamodb.export-items-per-file", "3"));
            // a bus that never answers: the stream records' events stay in the outbox, where the tests read them
            properties.put("overcast.bus.bootstrap", "127.0.0.1:1");
            // auto scaling: short windows, so that a test sees a table scale out under load and back in after it
            properties.putAll(Map.of(
                    "overcast.dynamodb.autoscaling-interval", "300ms",
                    "overcast.dynamodb.autoscaling-scale-out-window", "3s",
                    "overcast.dynamodb.autoscaling-scale-in-window", "3s"));
            context = DynamoDbApplication.builder().properties(properties).run();
            port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        }
        return port;
    }

    /** The S3 service (started on first use, on the shared embedded PostgreSQL) that exports and imports use. */
    public static synchronized S3Client s3() {
        port();
        if (s3 == null) {
            s3 = dev.overcast.s3.S3Application.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                    "server.port", S3_PORT,
                    "spring.main.banner-mode", "off",
                    // a bus that never answers: S3's events stay in its outbox
                    "overcast.bus.bootstrap", "127.0.0.1:1")).run();
        }
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + S3_PORT)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A bean of the running service (for tests that reach behind the API, e.g. to hold a lock). */
    public static <T> T bean(Class<T> type) {
        port();
        return context.getBean(type);
    }

    /** A client that does not retry, to observe throttling and conflicts as they are answered. */
    public static DynamoDbClient clientWithoutRetries() {
        return clientWithoutRetries("us-east-1");
    }

    /** A client of the region that does not retry. */
    public static DynamoDbClient clientWithoutRetries(String region) {
        return builder("000000000000", region)
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    public static DynamoDbClient client() {
        return client("000000000000", "us-east-1");
    }

    public static DynamoDbClient client(String accessKey, String region) {
        return builder(accessKey, region).build();
    }

    private static software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder builder(String accessKey, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    public static DynamoDbStreamsClient streams() {
        return streams("000000000000");
    }

    /** A DynamoDB Streams client of the account (us-east-1). */
    public static DynamoDbStreamsClient streams(String accessKey) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static String tableName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A PAY_PER_REQUEST table with a string partition key {@code pk} and, when given, a sort key {@code sk}. */
    public static String createTable(DynamoDbClient ddb, ScalarAttributeType skType) {
        String name = tableName();
        ddb.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (skType == null) {
                b.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
            } else {
                b.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName("sk").attributeType(skType).build());
            }
        });
        return name;
    }

    /** A PAY_PER_REQUEST table with a string partition key {@code pk} and a global index of that name on {@code g} (S). */
    public static String createTableWithIndex(DynamoDbClient ddb, String index) {
        String name = tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(index)
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        return name;
    }

    /** What the read gives once it gives the expected value, or after 30 seconds whatever it gives then. */
    public static <T> T eventually(java.util.function.Supplier<T> read, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        T value = read.get();
        while (!java.util.Objects.equals(value, expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    /** A string attribute value. */
    public static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(v);
    }

    /** A number attribute value. */
    public static software.amazon.awssdk.services.dynamodb.model.AttributeValue n(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(v);
    }
}
