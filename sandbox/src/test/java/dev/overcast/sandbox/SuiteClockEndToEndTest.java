package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's clock through the gateway's {@code /_overcast/clock}: reading it, moving it on as an administrator (every
 * service's clock moves, and a job falling due runs at once: a DynamoDB item whose TTL passed goes within seconds, not at
 * the sweeper's next tick), refused without {@code OVERCAST_ADMIN}, refused for a bad duration. On a database of its
 * own: the advance is recorded in each service's schema for every replica, and must not move the other tests' time.
 */
class SuiteClockEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static Sandbox admin;

    @BeforeAll
    static void start() {
        // the TTL sweeper's own tick is an hour: only the clock's advance can run it within the test
        admin = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of("overcast.admin", "true",
                "overcast.dynamodb.ttl-sweep-interval", "1h")));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
    }

    private static HttpResponse<String> clock(String endpoint, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/_overcast/clock"));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void advancingTheClockMovesEveryServiceAndRunsTheJobsThatFallDue() throws Exception {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(admin.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            ddb.createTable(b -> b.tableName("clocked").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            ddb.waiter().waitUntilTableExists(b -> b.tableName("clocked"));
            ddb.updateTimeToLive(b -> b.tableName("clocked").timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
            long inTwoDays = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
            ddb.putItem(b -> b.tableName("clocked").item(Map.of("pk", AttributeValue.fromS("soon"),
                    "expires", AttributeValue.fromN(Long.toString(inTwoDays)))));

            JsonNode before = JSON.readTree(clock(admin.endpoint(), null).body());
            assertThat(before.path("services").properties()).extracting(Map.Entry::getKey).contains("s3", "dynamodb", "kinesis");

            HttpResponse<String> moved = clock(admin.endpoint(), "{\"advance\": \"P3D\"}");
            assertThat(moved.statusCode()).isEqualTo(200);
            Instant now = Instant.parse(JSON.readTree(moved.body()).path("now").asString());
            assertThat(now).isAfter(Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofMinutes(1)));
            JSON.readTree(moved.body()).path("services").properties().forEach(service ->
                    assertThat(Duration.parse(service.getValue().path("offset").asString())).as(service.getKey())
                            .isGreaterThanOrEqualTo(Duration.ofDays(3)));

            long deadline = System.currentTimeMillis() + 30_000;
            while (ddb.getItem(b -> b.tableName("clocked").key(Map.of("pk", AttributeValue.fromS("soon")))).hasItem()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ddb.getItem(b -> b.tableName("clocked").key(Map.of("pk", AttributeValue.fromS("soon")))).hasItem())
                    .as("the item whose TTL passed, deleted by the sweep the advance ran").isFalse();
        }
    }

    @Test
    void aBadDurationIsRefusedAndChangesNothing() throws Exception {
        String offset = JSON.readTree(clock(admin.endpoint(), null).body()).path("services").path("s3").path("offset").asString();
        for (String body : new String[] {"{\"advance\": \"31 days\"}", "{\"advance\": \"-P1D\"}", "{}", "not json"}) {
            HttpResponse<String> refused = clock(admin.endpoint(), body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("__type").asString()).isEqualTo("ValidationException");
        }
        assertThat(JSON.readTree(clock(admin.endpoint(), null).body()).path("services").path("s3").path("offset").asString())
                .isEqualTo(offset);
    }

    @Test
    void movingTheClockNeedsAdministratorRights() throws Exception {
        Sandbox plain = SharedSandbox.get();
        HttpResponse<String> refused = clock(plain.endpoint(), "{\"advance\": \"P1D\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("__type").asString()).isEqualTo("AccessDenied");
        // a service's own port refuses it as well
        HttpResponse<String> direct = clock("http://127.0.0.1:" + plain.s3Port(), "{\"advance\": \"P1D\"}");
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(clock(plain.endpoint(), null).statusCode()).isEqualTo(200);
    }
}
