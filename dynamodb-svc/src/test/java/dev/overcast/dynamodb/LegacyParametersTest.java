package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** The parameters older clients still send: Expected, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter, ScanFilter. */
class LegacyParametersTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();



    @Test
    void legacyConditionsUpdatesAndFilters() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        for (int i = 0; i < 10; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n(Integer.toString(v)), "color", s(v % 2 == 0 ? "red" : "blue")))
                    .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build())));
        }
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n("1")))
                .expected(Map.of("color", ExpectedAttributeValue.builder().value(s("red")).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", n("1")))
                .attributeUpdates(Map.of("count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("5")).build(),
                        "color", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build()))
                .expected(Map.of("color", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ)
                        .attributeValueList(s("blue")).build())));
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", n("1")))
                .attributesToGet("count", "color")).item();
        assertThat(item).containsOnlyKeys("count");

        QueryResponse q = ddb.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("p")).build(),
                        "sk", Condition.builder().comparisonOperator(ComparisonOperator.BETWEEN).attributeValueList(n("2"), n("7")).build()))
                .queryFilter(Map.of("color", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("red")).build())));
        assertThat(q.items()).extracting(i -> i.get("sk").n()).containsExactly("2", "4", "6");
        ScanResponse sc = ddb.scan(b -> b.tableName(table).scanFilter(Map.of(
                        "color", Condition.builder().comparisonOperator(ComparisonOperator.NOT_NULL).build(),
                        "sk", Condition.builder().comparisonOperator(ComparisonOperator.IN).attributeValueList(n("1"), n("3"), n("9")).build()))
                .conditionalOperator(ConditionalOperator.AND));
        assertThat(sc.items()).extracting(i -> i.get("sk").n()).containsExactly("3", "9");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("p"), "sk", n("1")))
                .conditionExpression("attribute_exists(pk)")
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))))
                .hasMessageContaining("Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
        assertThat(List.of(q.count(), sc.count())).containsExactly(3, 2);
    }
}
