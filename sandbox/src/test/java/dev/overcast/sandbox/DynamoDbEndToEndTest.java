package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
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
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB and DynamoDB Streams through the sandbox's single endpoint, routed by X-Amz-Target. */
class DynamoDbEndToEndTest {

    @Test
    void tablesItemsAndStreamsThroughTheGateway() {
        URI endpoint = URI.create(SharedSandbox.get().endpoint());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));
        DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        String table = "e2e-" + UUID.randomUUID().toString().substring(0, 12);
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))).item())
                .containsEntry("v", AttributeValue.fromN("1"));

        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        assertThat(streams.listStreams(b -> b.tableName(table)).streams()).extracting(s -> s.streamArn()).containsExactly(arn);
        ddb.deleteTable(b -> b.tableName(table));
    }
}
