package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.db.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
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
 * kill -9 of a sandbox (its PostgreSQL and its bus broker left orphaned) while DynamoDB writes stream in: after the
 * restart every acknowledged change's event is on the bus (at least once), and every event on the bus is of a change
 * that committed.
 */
class BusPersistenceTest {

    private static final Pattern READY = Pattern.compile("Overcast ready in .* endpoint (http://localhost:\\d+), bus (\\S+)");

    @TempDir
    Path dataDir;

    static DynamoDbClient dynamodb(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @Test
    void everyCommittedChangeIsOnTheBusAfterAKillDashNineUnderLoad() throws Exception {
        int busPort = EmbeddedPostgresServer.freePort();
        Process child = startChild(busPort);
        String table = "kill-bus";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            String endpoint = ChildSandbox.awaitReady(child, READY, 300).group(1);
            DynamoDbClient ddb = dynamodb(endpoint);
            ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
            ChildSandbox.killUnderLoad(child, acknowledged, (writer, n) -> {
                String pk = "w" + writer + "-" + n;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
                return pk;
            });
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);

        try (Sandbox restarted = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()).withBusBroker(busPort))) {
            DynamoDbClient ddb = dynamodb(restarted.endpoint());
            Map<String, Boolean> committed = new HashMap<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = ddb.scan(b -> b.tableName(table).exclusiveStartKey(from));
                page.items().forEach(i -> committed.put(i.get("pk").s(), true));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            assertThat(committed.keySet()).containsAll(acknowledged);

            try (BusConsumer consumer = new BusConsumer(restarted.busBootstrap(), "overcast.dynamodb.streams")) {
                Set<String> seen = new java.util.HashSet<>();
                List<ConsumerRecord<String, String>> records = consumer.read(r -> r.key().contains(":table/" + table + "|"),
                        committed.size(), Duration.ofSeconds(180));
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode event = BusConsumer.event(r);
                    seen.add(event.path("data").path("dynamodb").path("Keys").path("pk").path("S").asString());
                }
                // a duplicate (published, then the relay killed before it removed the row) is allowed: it is read more
                // than once and counted once
                assertThat(seen).as("every acknowledged change is on the bus").containsAll(acknowledged);
                assertThat(committed.keySet()).as("every event on the bus is of a committed change").containsAll(seen);
            }
        }
    }

    private Process startChild(int busPort) throws java.io.IOException {
        return ChildSandbox.start(dataDir, Map.of("OVERCAST_BUS_PORT", Integer.toString(busPort)));
    }
}
