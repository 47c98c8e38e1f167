package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** PutItem, GetItem and Query follow a table that changed, was deleted or was created again under its name. */
class TableChangesTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private final DynamoDbStreamsClient streams = DynamoDbTestService.streams();

    @Test
    void aStreamEnabledBetweenTwoPutsRecordsTheSecond() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("before"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("before")))).item()).containsEntry("pk", s("before"));

        ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("after"))));

        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(iterator)).records())
                .extracting(r -> r.eventName() + ":" + r.dynamodb().keys().get("pk").s())
                .containsExactly("INSERT:after");
    }

    @Test
    void aDeletedTableIsNotFoundAndOneCreatedAgainUnderItsNameHasItsOwnSchema() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", s("1")))).hasItem()).isTrue();
        assertThat(ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))).count()).isEqualTo(1);

        ddb.deleteTable(b -> b.tableName(table));
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", s("1")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("2")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))))).isInstanceOf(ResourceNotFoundException.class);

        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.N)));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("3")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Missing the key id in the item");
        ddb.putItem(b -> b.tableName(table).item(Map.of("id", n("7"), "v", s("x"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("id", n("7")))).item()).containsEntry("v", s("x"));
        assertThat(ddb.query(b -> b.tableName(table).keyConditionExpression("id = :i")
                .expressionAttributeValues(Map.of(":i", n("7")))).items()).extracting(i -> i.get("v")).containsExactly(s("x"));
        assertThat(ddb.query(b -> b.tableName(table).keyConditionExpression("id = :i")
                .expressionAttributeValues(Map.of(":i", n("8")))).count()).isZero();
    }
}
