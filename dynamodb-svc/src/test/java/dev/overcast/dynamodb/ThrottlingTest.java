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

    @Test
    void onDemandTablesAreHeldToTheirMaximumThroughput() {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .onDemandThroughput(o -> o.maxWriteRequestUnits(5L).maxReadRequestUnits(-1L)));
        TableDescription d = ddb.describeTable(b -> b.tableName(name)).table();
        assertThat(d.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(5L);
        // one 351-unit write spends more than a second of 5 units
        ddb.putItem(b -> b.tableName(name).item(Map.of("pk", s("big"), "data", s(BIG))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(name).item(Map.of("pk", s("small")))))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> assertThat(e.throttlingReasons())
                        .extracting(ThrottlingReason::reason, ThrottlingReason::resource)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("TableWriteMaxOnDemandThroughputExceeded", d.tableArn())));
        // reads have no maximum (-1)
        assertThat(ddb.getItem(b -> b.tableName(name).key(Map.of("pk", s("big")))).item()).isNotEmpty();
        // the maximum is lifted with UpdateTable
        ddb.updateTable(b -> b.tableName(name).onDemandThroughput(o -> o.maxWriteRequestUnits(-1L)));
        ddb.putItem(b -> b.tableName(name).item(Map.of("pk", s("small"))));
    }

    @Test
    void warmThroughputIsShownRaisedAndNeverLowered() {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .warmThroughput(w -> w.readUnitsPerSecond(15_000L)));
        TableWarmThroughputDescription warm = ddb.describeTable(b -> b.tableName(name)).table().warmThroughput();
        assertThat(warm.readUnitsPerSecond()).isEqualTo(15_000L);
        assertThat(warm.writeUnitsPerSecond()).isEqualTo(4_000L);
        assertThat(warm.status()).isEqualTo(TableStatus.ACTIVE);
        ddb.updateTable(b -> b.tableName(name).warmThroughput(w -> w.writeUnitsPerSecond(8_000L)));
        warm = ddb.describeTable(b -> b.tableName(name)).table().warmThroughput();
        assertThat(warm.writeUnitsPerSecond()).isEqualTo(8_000L);
        assertThat(warm.readUnitsPerSecond()).isEqualTo(15_000L);
        assertThat(warm.status()).isEqualTo(TableStatus.ACTIVE); // the test service's status delay is 0
        assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName(name).warmThroughput(w -> w.readUnitsPerSecond(13_000L))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("WarmThroughput cannot be decreased");
    }
}
