package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Global secondary indexes whose partition and sort keys are made of several attributes (DynamoDB, November 2025). */
class MultiAttributeKeysTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    /** A table of matches with the GSI byMatch: (tournament, area) → (round, bracket, game). */
    private String matches() {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(hash("id"))
                .attributeDefinitions(attribute("id", ScalarAttributeType.S), attribute("tournament", ScalarAttributeType.S),
                        attribute("area", ScalarAttributeType.S), attribute("round", ScalarAttributeType.N),
                        attribute("bracket", ScalarAttributeType.S), attribute("game", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byMatch")
                        .keySchema(hash("tournament"), hash("area"), range("round"), range("bracket"), range("game"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        put(name, "1", "W24", "EU", "1", "a", "z");
        put(name, "2", "W24", "EU", "1", "ab", "a");
        put(name, "3", "W24", "EU", "2", "a", "m");
        put(name, "4", "W24", "EU", "2", "a", "x");
        put(name, "5", "W24", "EU", "2", "a\u0000b", "a");
        put(name, "6", "W24", "EU", "10", "a", "a");
        put(name, "7", "W24", "NA", "1", "a", "a");
        put(name, "8", "S25", "EU", "1", "a", "a");
        ddb.putItem(b -> b.tableName(name).item(Map.of("id", s("9"), "tournament", s("W24"), "round", n("1"),
                "bracket", s("a"), "game", s("a")))); // no area: not in the index
        return name;
    }

    private void put(String table, String id, String tournament, String area, String round, String bracket, String game) {
        ddb.putItem(b -> b.tableName(table).item(Map.of("id", s(id), "tournament", s(tournament), "area", s(area),
                "round", n(round), "bracket", s(bracket), "game", s(game))));
    }

    private List<String> ids(String table, String index, String condition, Map<String, AttributeValue> values, boolean forward) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = ddb.query(b -> b.tableName(table).indexName(index).keyConditionExpression(condition)
                    .expressionAttributeValues(all).scanIndexForward(forward).limit(2).exclusiveStartKey(from));
            page.items().forEach(i -> ids.add(i.get("id").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    @Test
    void queriesFixEveryPartitionAttributeAndSortAttributesFromTheFirstOn() {
        String t = matches();
        Map<String, AttributeValue> eu = Map.of(":t", s("W24"), ":r", s("EU"));
        // the sort key sorts by round, then bracket, then game: ("a", "z") before ("ab", "a"), "a" before "a\0b"
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r", eu, true)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(ids(t, "byMatch", "area = :r AND tournament = :t", eu, false)).containsExactly("6", "5", "4", "3", "2", "1");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round = :two", with(eu, ":two", n("2")), true))
                .containsExactly("3", "4", "5");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round = :two AND bracket = :a",
                with(with(eu, ":two", n("2")), ":a", s("a")), true)).containsExactly("3", "4");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round = :two AND bracket = :a AND game > :m",
                with(with(with(eu, ":two", n("2")), ":a", s("a")), ":m", s("m")), true))
                .containsExactly("4");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round BETWEEN :one AND :two",
                with(with(eu, ":one", n("1")), ":two", n("2")), true)).containsExactly("1", "2", "3", "4", "5");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round > :one", with(eu, ":one", n("1")), true))
                .containsExactly("3", "4", "5", "6");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round <= :two", with(eu, ":two", n("2")), false))
                .containsExactly("5", "4", "3", "2", "1");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round = :one AND begins_with(bracket, :a)",
                with(with(eu, ":one", n("1")), ":a", s("a")), true)).containsExactly("1", "2");
        assertThat(ids(t, "byMatch", "tournament = :t AND area = :r AND round = :two AND bracket >= :ab",
                with(with(eu, ":two", n("2")), ":ab", s("a\u0000")), true)).containsExactly("5");

        expectValidation(() -> ddb.query(b -> b.tableName(t).indexName("byMatch").keyConditionExpression("tournament = :t")
                .expressionAttributeValues(Map.of(":t", s("W24")))), "Query condition missed key schema element: area");
        expectValidation(() -> ddb.query(b -> b.tableName(t).indexName("byMatch")
                .keyConditionExpression("tournament = :t AND area = :r AND bracket = :a")
                .expressionAttributeValues(with(eu, ":a", s("a")))), "Query condition missed key schema element: round");
        expectValidation(() -> ddb.query(b -> b.tableName(t).indexName("byMatch")
                .keyConditionExpression("tournament = :t AND area = :r AND round > :one AND bracket = :a")
                .expressionAttributeValues(with(with(eu, ":one", n("1")), ":a", s("a")))), "Query key condition not supported");
        expectValidation(() -> ddb.query(b -> b.tableName(t).indexName("byMatch")
                .keyConditionExpression("tournament = :t AND area > :r").expressionAttributeValues(eu)),
                "Query key condition not supported");

        TableDescription d = ddb.describeTable(b -> b.tableName(t)).table();
        assertThat(d.globalSecondaryIndexes().get(0).keySchema()).extracting(KeySchemaElement::attributeName)
                .containsExactly("tournament", "area", "round", "bracket", "game");
        assertThat(ddb.scan(b -> b.tableName(t).indexName("byMatch")).count()).isEqualTo(8);
    }

    @Test
    void aMultiAttributeIndexAddedLaterIsBackfilled() throws InterruptedException {
        String t = matches();
        ddb.updateTable(b -> b.tableName(t)
                .attributeDefinitions(attribute("area", ScalarAttributeType.S), attribute("tournament", ScalarAttributeType.S),
                        attribute("round", ScalarAttributeType.N))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byArea")
                        .keySchema(hash("area"), range("tournament"), range("round"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))).build()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (ddb.describeTable(b -> b.tableName(t)).table().globalSecondaryIndexes().stream()
                .anyMatch(g -> g.indexStatus() != IndexStatus.ACTIVE) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ids(t, "byArea", "area = :r AND tournament = :t", Map.of(":r", s("EU"), ":t", s("W24")), true))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
        assertThat(ids(t, "byArea", "area = :r AND tournament = :t AND round >= :two",
                Map.of(":r", s("EU"), ":t", s("W24"), ":two", n("2")), true)).hasSize(4).endsWith("6")
                .containsExactlyInAnyOrder("3", "4", "5", "6");
        assertThat(ids(t, "byArea", "area = :r", Map.of(":r", s("EU")), true)).hasSize(7).startsWith("8");
    }

    @Test
    void aGlobalSecondaryIndexKeyHasAtMostFourAttributesEach() {
        String name = DynamoDbTestService.tableName();
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(hash("id"))
                .attributeDefinitions(attribute("id", ScalarAttributeType.S), attribute("a", ScalarAttributeType.S),
                        attribute("b", ScalarAttributeType.S), attribute("c", ScalarAttributeType.S),
                        attribute("d", ScalarAttributeType.S), attribute("e", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("five")
                        .keySchema(hash("a"), hash("b"), hash("c"), hash("d"), hash("e"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> values, String name, AttributeValue v) {
        Map<String, AttributeValue> out = new HashMap<>(values);
        out.put(name, v);
        return out;
    }

    private static void expectValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
