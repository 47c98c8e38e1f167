package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class QueryScanTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();



    @Test
    void numericSortKeysComeBackInNumericOrder() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        List<String> numbers = List.of("-12345678901234567890123456789012345678", "-100", "-1.5", "-1", "-0.001", "0",
                "1E-130", "0.001", "0.5", "1", "1.05", "1.5", "2", "10", "99.99", "100",
                "12345678901234567890123456789012345678", "9.9999999999999999999999999999999999999E+125");
        List<String> shuffled = new ArrayList<>(numbers);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        for (String num : shuffled) {
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n(num))));
        }
        List<BigDecimal> ascending = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).items().stream().map(i -> new BigDecimal(i.get("sk").n())).toList();
        assertThat(ascending).hasSize(numbers.size()).isSortedAccordingTo(Comparator.naturalOrder());
        List<BigDecimal> descending = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").scanIndexForward(false)
                .expressionAttributeValues(Map.of(":p", s("p")))).items().stream().map(i -> new BigDecimal(i.get("sk").n())).toList();
        assertThat(descending).isSortedAccordingTo(Comparator.reverseOrder());

        QueryResponse between = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND sk BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":p", s("p"), ":lo", n("-1.5"), ":hi", n("1"))));
        assertThat(between.items()).extracting(i -> i.get("sk").n())
                .containsExactly("-1.5", "-1", "-0.001", "0", "1E-130".equals("x") ? "" : new BigDecimal("1E-130").toPlainString(), "0.001", "0.5", "1");
        QueryResponse less = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND sk < :v")
                .expressionAttributeValues(Map.of(":p", s("p"), ":v", n("-1"))));
        assertThat(less.count()).isEqualTo(3);
        QueryResponse greaterEq = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND sk >= :v")
                .expressionAttributeValues(Map.of(":p", s("p"), ":v", n("100"))));
        assertThat(greaterEq.count()).isEqualTo(3);
    }

    @Test
    void binaryAndStringSortKeysUseUnsignedByteOrder() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.B);
        byte[][] keys = {{0}, {0, 0}, {1}, {(byte) 0x7F}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFF, 0}};
        for (int i = keys.length - 1; i >= 0; i--) {
            byte[] k = keys[i];
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", AttributeValue.fromB(SdkBytes.fromByteArray(k)))));
        }
        List<byte[]> got = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).items().stream().map(i -> i.get("sk").b().asByteArray()).toList();
        assertThat(got).containsExactly(keys);
        QueryResponse prefixed = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND begins_with(sk, :b)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xFF})))));
        assertThat(prefixed.count()).isEqualTo(2);

        String strings = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        List<String> values = List.of("A", "B", "a", "ab", "b", "é", "中", "😀");
        for (String v : values) {
            ddb.putItem(b -> b.tableName(strings).item(Map.of("pk", s("p"), "sk", s(v))));
        }
        assertThat(ddb.query(b -> b.tableName(strings).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).items()).extracting(i -> i.get("sk").s()).containsExactlyElementsOf(values);
        assertThat(ddb.query(b -> b.tableName(strings).keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a")))).count()).isEqualTo(2);
    }

    @Test
    void pagesWithLimitAndFilterAndCount() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        for (int i = 0; i < 25; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n(Integer.toString(v)), "even", AttributeValue.fromBool(v % 2 == 0))));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> esk = start;
            QueryResponse page = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").limit(10)
                    .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true)))
                    .exclusiveStartKey(esk));
            page.items().forEach(i -> seen.add(i.get("sk").n()));
            assertThat(page.scannedCount()).isLessThanOrEqualTo(10);
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("0", "2", "4", "6", "8", "10", "12", "14", "16", "18", "20", "22", "24");
        QueryResponse count = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").select(Select.COUNT)
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(count.count()).isEqualTo(25);
        assertThat(count.items()).isEmpty();
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("sk > :p")
                .expressionAttributeValues(Map.of(":p", s("p")))))
                .hasMessageContaining("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("sk = :v")
                .expressionAttributeValues(Map.of(":v", n("1")))))
                .hasMessageContaining("Query condition missed key schema element: pk");
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p OR sk = :v")
                .expressionAttributeValues(Map.of(":p", s("p"), ":v", n("1")))))
                .hasMessageContaining("Invalid operator used in KeyConditionExpression: OR");
    }

    @Test
    void pagesStopAtOneMegabyte() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        String blob = "x".repeat(100_000);
        for (int i = 0; i < 25; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n(Integer.toString(v)), "blob", s(blob))));
        }
        QueryResponse first = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(first.count()).isBetween(10, 11);
        assertThat(first.hasLastEvaluatedKey()).isTrue();
        int total = 0;
        for (QueryResponse page : ddb.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))))) {
            total += page.count();
        }
        assertThat(total).isEqualTo(25);
    }

    @Test
    void parallelScanSegmentsCoverTheTableOnce() {
        String table = DynamoDbTestService.createTable(ddb, null);
        for (int i = 0; i < 60; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + v), "v", n(Integer.toString(v)))));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int seg = 0; seg < 4; seg++) {
            int segment = seg;
            for (ScanResponse page : ddb.scanPaginator(b -> b.tableName(table).segment(segment).totalSegments(4).limit(7))) {
                page.items().forEach(i -> seen.add(i.get("pk").s()));
                total += page.count();
            }
        }
        assertThat(total).isEqualTo(60);
        assertThat(seen).hasSize(60);
        ScanResponse filtered = ddb.scan(b -> b.tableName(table).filterExpression("v >= :x").expressionAttributeValues(Map.of(":x", n("50"))));
        assertThat(filtered.count()).isEqualTo(10);
        assertThat(filtered.scannedCount()).isEqualTo(60);
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName(table).segment(4).totalSegments(4)))
                .hasMessageContaining("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4");
    }

    @Test
    void localAndGlobalSecondaryIndexes() {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("user").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("id").keyType(KeyType.RANGE).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("user").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("score").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("game").attributeType(ScalarAttributeType.S).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byScore")
                        .keySchema(KeySchemaElement.builder().attributeName("user").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("score").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byGame")
                        .keySchema(KeySchemaElement.builder().attributeName("game").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("score").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        for (int i = 0; i < 6; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("user", s(v % 2 == 0 ? "ann" : "bob"), "id", s("i" + v),
                    "score", n(Integer.toString(100 - v * 10)), "game", s("chess"), "note", s("n" + v))));
        }
        ddb.putItem(b -> b.tableName(table).item(Map.of("user", s("ann"), "id", s("noscore"), "game", s("go"))));
        QueryResponse lsi = ddb.query(b -> b.tableName(table).indexName("byScore").keyConditionExpression("#u = :u AND score > :min")
                .expressionAttributeNames(Map.of("#u", "user")).expressionAttributeValues(Map.of(":u", s("ann"), ":min", n("70"))));
        assertThat(lsi.items()).extracting(i -> i.get("score").n()).containsExactly("80", "100");
        assertThat(lsi.items().get(0)).containsKey("note");

        QueryResponse gsi = ddb.query(b -> b.tableName(table).indexName("byGame").keyConditionExpression("game = :g")
                .expressionAttributeValues(Map.of(":g", s("chess"))).scanIndexForward(false).limit(4));
        assertThat(gsi.items()).extracting(i -> i.get("score").n()).containsExactly("100", "90", "80", "70");
        assertThat(gsi.items().get(0)).containsOnlyKeys("user", "id", "score", "game");
        assertThat(gsi.lastEvaluatedKey()).containsOnlyKeys("user", "id", "score", "game");
        QueryResponse rest = ddb.query(b -> b.tableName(table).indexName("byGame").keyConditionExpression("game = :g")
                .expressionAttributeValues(Map.of(":g", s("chess"))).scanIndexForward(false).exclusiveStartKey(gsi.lastEvaluatedKey()));
        assertThat(rest.items()).extracting(i -> i.get("score").n()).containsExactly("60", "50");

        ddb.deleteItem(b -> b.tableName(table).key(Map.of("user", s("ann"), "id", s("i0"))));
        ddb.updateItem(b -> b.tableName(table).key(Map.of("user", s("bob"), "id", s("i1"))).updateExpression("REMOVE score"));
        assertThat(ddb.query(b -> b.tableName(table).indexName("byGame").keyConditionExpression("game = :g")
                .expressionAttributeValues(Map.of(":g", s("chess")))).count()).isEqualTo(4);
        assertThat(ddb.scan(b -> b.tableName(table).indexName("byGame")).count()).isEqualTo(4);

        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).indexName("byGame").consistentRead(true)
                .keyConditionExpression("game = :g").expressionAttributeValues(Map.of(":g", s("chess")))))
                .hasMessageContaining("Consistent reads are not supported on global secondary indexes");
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).indexName("nope")
                .keyConditionExpression("game = :g").expressionAttributeValues(Map.of(":g", s("chess")))))
                .hasMessageContaining("The table does not have the specified index: nope");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("user", s("x"), "id", s("y"), "score", s("high")))))
                .hasMessageContaining("One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S IndexName: byScore");
    }
}
