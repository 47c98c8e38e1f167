package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class ConsumedCapacityTest {

    private static final String KB_AND_A_HALF = "x".repeat(1500);

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    /** pk/sk table with an LSI on l (ALL) and a GSI on g (KEYS_ONLY). */
    private String indexedTable() {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(attr("pk"), attr("sk"), attr("l"), attr("g"))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("l").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        return name;
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static Map<String, AttributeValue> item(String sk, String g) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", s("p"), "sk", s(sk), "l", s("l-" + sk), "data", s(KB_AND_A_HALF)));
        if (g != null) {
            item.put("g", s(g));
        }
        return item;
    }

    @Test
    void writesCountTheTableAndEveryIndexEntryTheyChange() {
        String table = indexedTable();
        ConsumedCapacity put = ddb.putItem(b -> b.tableName(table).item(item("a", "g1"))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        // 1.5 KB: 2 units on the table, 2 on the LSI (projects all), 1 on the GSI (keys only)
        assertThat(put.capacityUnits()).isEqualTo(5.0);
        assertThat(put.writeCapacityUnits()).isEqualTo(5.0);
        assertThat(put.table().capacityUnits()).isEqualTo(2.0);
        assertThat(put.localSecondaryIndexes().get("by-l").capacityUnits()).isEqualTo(2.0);
        assertThat(put.globalSecondaryIndexes().get("by-g").capacityUnits()).isEqualTo(1.0);

        ConsumedCapacity total = ddb.putItem(b -> b.tableName(table).item(item("b", null))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(total.tableName()).isEqualTo(table);
        assertThat(total.capacityUnits()).isEqualTo(4.0); // not in the GSI
        assertThat(total.table()).isNull();
        assertThat(total.hasGlobalSecondaryIndexes()).isFalse();

        // a changed GSI key: the old entry deleted, the new one put
        ConsumedCapacity moved = ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("a")))
                .updateExpression("SET g = :g").expressionAttributeValues(Map.of(":g", s("g2")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(moved.globalSecondaryIndexes().get("by-g").capacityUnits()).isEqualTo(2.0);
        assertThat(moved.table().capacityUnits()).isEqualTo(2.0);
        assertThat(moved.localSecondaryIndexes().get("by-l").capacityUnits()).isEqualTo(2.0);

        // an attribute the GSI does not project: no GSI write
        ConsumedCapacity untouched = ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("a")))
                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", s("1")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(untouched.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(untouched.capacityUnits()).isEqualTo(4.0);

        ConsumedCapacity deleted = ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("a")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(deleted.capacityUnits()).isEqualTo(5.0);
        ConsumedCapacity nothing = ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("absent")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(nothing.capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void readsCountTheBytesRead() {
        String table = indexedTable();
        for (int i = 0; i < 10; i++) {
            Map<String, AttributeValue> it = item("i" + i, "g");
            ddb.putItem(b -> b.tableName(table).item(it));
        }
        ConsumedCapacity get = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("i0")))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(get.capacityUnits()).isEqualTo(1.0);
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("i0")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(0.5);

        // 10 × ~1.5 KB read = 4 units strongly consistent, 2 eventually; what the filter drops was still read
        QueryResponse q = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("#d = :none").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":none", s("none"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(q.count()).isZero();
        assertThat(q.consumedCapacity().capacityUnits()).isEqualTo(4.0);
        assertThat(q.consumedCapacity().readCapacityUnits()).isEqualTo(4.0);
        assertThat(q.consumedCapacity().table().capacityUnits()).isEqualTo(4.0);
        assertThat(ddb.scan(b -> b.tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(2.0);

        ConsumedCapacity onGsi = ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("g"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
        assertThat(onGsi.globalSecondaryIndexes().get("by-g").capacityUnits()).isEqualTo(0.5); // keys only: small entries
        assertThat(onGsi.table().capacityUnits()).isEqualTo(0.0);

        ConsumedCapacity onLsi = ddb.query(b -> b.tableName(table).indexName("by-l").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(onLsi.localSecondaryIndexes().get("by-l").capacityUnits()).isEqualTo(4.0);
    }

    /**
     * A local secondary index that holds only keys still answers for the other attributes: each item is fetched from the
     * table, and each fetch costs its own read units on the table, besides the index read.
     */
    @Test
    void localIndexFetchesWhatItDoesNotHoldFromTheTable() {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(attr("pk"), attr("sk"), attr("l"))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("keys")
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("l").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        for (int i = 0; i < 4; i++) {
            Map<String, AttributeValue> it = item("i" + i, null);
            ddb.putItem(b -> b.tableName(table).item(it));
        }
        QueryResponse projected = ddb.query(b -> b.tableName(table).indexName("keys").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(projected.items()).hasSize(4).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "sk", "l"));
        assertThat(projected.consumedCapacity().table().capacityUnits()).isEqualTo(0.0);
        assertThat(projected.consumedCapacity().localSecondaryIndexes().get("keys").capacityUnits()).isEqualTo(1.0);

        QueryResponse fetched = ddb.query(b -> b.tableName(table).indexName("keys").keyConditionExpression("pk = :p")
                .projectionExpression("sk, #d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":p", s("p"))).consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(fetched.items()).hasSize(4).allSatisfy(i -> assertThat(i).containsOnlyKeys("sk", "data"));
        assertThat(fetched.consumedCapacity().table().capacityUnits()).isEqualTo(4.0); // 1 unit per item fetched
        assertThat(fetched.consumedCapacity().localSecondaryIndexes().get("keys").capacityUnits()).isEqualTo(1.0);
        assertThat(fetched.consumedCapacity().capacityUnits()).isEqualTo(5.0);

        QueryResponse all = ddb.query(b -> b.tableName(table).indexName("keys").keyConditionExpression("pk = :p")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(Map.of(":p", s("p")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(all.items()).hasSize(4).allSatisfy(i -> assertThat(i).containsKey("data"));
        assertThat(all.consumedCapacity().capacityUnits()).isEqualTo(2.5); // eventually consistent: half of 1 + 4

        QueryResponse filtered = ddb.query(b -> b.tableName(table).indexName("keys").keyConditionExpression("pk = :p")
                .filterExpression("size(#d) > :n").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":n", n("1000"))));
        assertThat(filtered.items()).hasSize(4).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "sk", "l"));
    }

    @Test
    void transactionsCountDoubleAndBatchesCountPerTable() {
        String plain = DynamoDbTestService.createTable(ddb, null);
        String indexed = indexedTable();
        TransactWriteItemsResponse tw = ddb.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(TransactWriteItem.builder().put(p -> p.tableName(plain)
                                .item(Map.of("pk", s("a"), "data", s(KB_AND_A_HALF)))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(plain).item(Map.of("pk", s("b")))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(indexed).item(item("t", "g"))).build()));
        assertThat(tw.consumedCapacity()).extracting(ConsumedCapacity::tableName, ConsumedCapacity::capacityUnits)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(plain, 6.0), org.assertj.core.groups.Tuple.tuple(indexed, 10.0));

        TransactGetItemsResponse tg = ddb.transactGetItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(TransactGetItem.builder().get(g -> g.tableName(plain).key(Map.of("pk", s("a")))).build(),
                        TransactGetItem.builder().get(g -> g.tableName(plain).key(Map.of("pk", s("b")))).build()));
        assertThat(tg.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(4.0));

        BatchWriteItemResponse bw = ddb.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(plain, List.of(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("c")))).build(),
                                WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("a")))).build()),
                        indexed, List.of(WriteRequest.builder().putRequest(p -> p.item(item("u", null))).build()))));
        Map<String, Double> byTable = new HashMap<>();
        bw.consumedCapacity().forEach(c -> byTable.put(c.tableName(), c.capacityUnits()));
        assertThat(byTable).isEqualTo(Map.of(plain, 3.0, indexed, 4.0));

        BatchGetItemResponse bg = ddb.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(plain, KeysAndAttributes.builder().keys(Map.of("pk", s("b")), Map.of("pk", s("c")))
                        .consistentRead(true).build())));
        assertThat(bg.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(2.0));
    }

    @Test
    void itemCollectionMetricsForTablesWithLocalIndexes() {
        String table = indexedTable();
        PutItemResponse put = ddb.putItem(b -> b.tableName(table).item(item("a", "g"))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertThat(put.itemCollectionMetrics().itemCollectionKey()).isEqualTo(Map.of("pk", s("p")));
        assertThat(put.itemCollectionMetrics().sizeEstimateRangeGB()).containsExactly(0.0, 1.0);
        UpdateItemResponse update = ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("a")))
                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", s("1")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertThat(update.itemCollectionMetrics().itemCollectionKey()).isEqualTo(Map.of("pk", s("p")));
        assertThat(ddb.putItem(b -> b.tableName(table).item(item("b", "g"))).itemCollectionMetrics()).isNull();

        String plain = DynamoDbTestService.createTable(ddb, null);
        assertThat(ddb.putItem(b -> b.tableName(plain).item(Map.of("pk", s("a")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics()).isNull();

        BatchWriteItemResponse bw = ddb.batchWriteItem(b -> b.returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .requestItems(Map.of(table, List.of(WriteRequest.builder().putRequest(p -> p.item(item("c", null))).build()))));
        assertThat(bw.itemCollectionMetrics().get(table)).singleElement()
                .satisfies(m -> assertThat(m.itemCollectionKey()).isEqualTo(Map.of("pk", s("p"))));
    }
}
