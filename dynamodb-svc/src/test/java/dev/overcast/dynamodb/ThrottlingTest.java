package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** The test service runs with overcast.dynamodb.throttling=true; the client does not retry, to see each refusal. */
class ThrottlingTest {

    private static final String BIG = "x".repeat(350 * 1024); // 351 write units, 88 strongly consistent read units

    private final DynamoDbClient ddb = DynamoDbTestService.clientWithoutRetries();

    private String provisioned(long rcu, long wcu, Long gsiUnits) {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PROVISIONED)
                    .provisionedThroughput(p -> p.readCapacityUnits(rcu).writeCapacityUnits(wcu))
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            if (gsiUnits == null) {
                b.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
            } else {
                b.attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                                .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .provisionedThroughput(p -> p.readCapacityUnits(gsiUnits).writeCapacityUnits(gsiUnits)).build());
            }
        });
        return name;
    }

    @Test
    void writesPastTheBurstCapacityAreThrottled() {
        String table = provisioned(1, 1, null);
        // 300 seconds of 1 WCU are banked; one 351-unit write spends them all
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("big"), "data", s(BIG))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("small")))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("The level of configured provisioned throughput for the table was exceeded");
                    assertThat(e.throttlingReasons()).extracting(ThrottlingReason::reason)
                            .containsExactly("TableWriteProvisionedThroughputExceeded");
                });
        assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("big")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(Map.of("pk", s("small")))).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("ThrottlingError"));
        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("small")))).build())))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        // a batch that also writes an unthrottled table: the throttled table's requests come back unprocessed
        String onDemand = DynamoDbTestService.createTable(ddb, null);
        BatchWriteItemResponse mixed = ddb.batchWriteItem(b -> b.requestItems(Map.of(
                table, List.of(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("small")))).build()),
                onDemand, List.of(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("small")))).build()))));
        assertThat(mixed.unprocessedItems()).containsOnlyKeys(table);
        assertThat(ddb.getItem(b -> b.tableName(onDemand).key(Map.of("pk", s("small")))).hasItem()).isTrue();
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("small")))).hasItem()).isFalse();
        // reads have their own bucket
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("big")))).item()).containsKey("data");
        // on-demand tables are never throttled
        ddb.putItem(b -> b.tableName(onDemand).item(Map.of("pk", s("a"), "data", s(BIG))));
        ddb.putItem(b -> b.tableName(onDemand).item(Map.of("pk", s("b"), "data", s(BIG))));
    }

    @Test
    void readsPastTheBurstCapacityAreThrottled() {
        String table = provisioned(1, 1000, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("big"), "data", s(BIG))));
        int served = 0;
        ProvisionedThroughputExceededException refused = null;
        while (refused == null && served < 10) {
            try {
                ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("big"))).consistentRead(true));
                served++;
            } catch (ProvisionedThroughputExceededException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(served).isBetween(3, 5); // 300 banked units, 88 per read
        assertThat(refused.throttlingReasons()).extracting(ThrottlingReason::reason)
                .containsExactly("TableReadProvisionedThroughputExceeded");
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
    }

    @Test
    void anExhaustedGlobalIndexThrottlesTheTablesWrites() {
        String table = provisioned(1000, 1000, 1L);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("big"), "g", s("x"), "data", s(BIG))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("small")))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).contains("one or more global secondary indexes");
                    assertThat(e.throttlingReasons()).extracting(ThrottlingReason::reason, ThrottlingReason::resource)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("IndexWriteProvisionedThroughputExceeded",
                                    ddb.describeTable(d -> d.tableName(table)).table().tableArn() + "/index/by-g"));
                });
        // the table's reads are not affected
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("big")))).hasItem()).isTrue();
    }
}
