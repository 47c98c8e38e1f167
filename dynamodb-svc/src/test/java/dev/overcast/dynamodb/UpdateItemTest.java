package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** UpdateItem's semantics where they are easy to get wrong: list appends, items being created, legacy actions. */
class UpdateItemTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    @Test
    void setsPastTheEndOfAListAppendInIndexOrder() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("k"));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "c", AttributeValue.fromL(List.of(n("1"), n("3"))))));
        Map<String, AttributeValue> after = ddb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET c[4] = :a, c[2] = :b, c[9] = :z")
                .expressionAttributeValues(Map.of(":a", s("a"), ":b", s("b"), ":z", s("z")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("c").l()).containsExactly(n("1"), n("3"), s("b"), s("a"), s("z"));

        after = ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET c[7] = :a, c[0] = :b")
                .expressionAttributeValues(Map.of(":a", s("end"), ":b", s("first"))).returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("c").l()).containsExactly(s("first"), n("3"), s("b"), s("a"), s("z"), s("end"));
    }

    @Test
    void anItemBeingCreatedHoldsItsKeyForTheUpdatesOperands() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        Map<String, AttributeValue> key = Map.of("pk", s("p1"), "sk", n("7"));
        Map<String, AttributeValue> created = ddb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET a = pk, b = if_not_exists(b, sk), c = sk + :one, d = if_not_exists(pk, :x)")
                .expressionAttributeValues(Map.of(":one", n("1"), ":x", s("x"))).returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(created).containsEntry("a", s("p1")).containsEntry("b", n("7")).containsEntry("c", n("8"))
                .containsEntry("d", s("p1"));
    }

    @Test
    void anUpdateThatOnlyRemovesCreatesNoItem() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("missing"));
        UpdateItemResponse removed = ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("REMOVE a, b[1]")
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(removed.hasAttributes()).isFalse();
        ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("DELETE s :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromSs(List.of("x")))));
        ddb.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of(
                "a", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
                "s", AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(AttributeValue.fromSs(List.of("x"))).build())));
        assertThat(ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).hasItem()).isFalse();

        // an update with anything to set creates the item, and one with no action at all creates it with its key
        ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v REMOVE b")
                .expressionAttributeValues(Map.of(":v", s("v"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item()).containsEntry("a", s("v"));
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("bare"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("bare"))).consistentRead(true)).item())
                .containsExactlyEntriesOf(Map.of("pk", s("bare")));
    }

    @Test
    void attributeUpdatesAddOfAListAppends() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("k"));
        AttributeValueUpdate add = AttributeValueUpdate.builder().action(AttributeAction.ADD)
                .value(AttributeValue.fromL(List.of(s("x"), n("1")))).build();
        ddb.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of("l", add)));
        Map<String, AttributeValue> after = ddb.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of("l", add))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(after.get("l").l()).containsExactly(s("x"), n("1"), s("x"), n("1"));
    }

    @Test
    void aParenthesisedFunctionIsAnOperand() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "b", s("four"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "b", s("five")))
                .conditionExpression("(size(b)) = :four AND (:four) = (size(b))").expressionAttributeValues(Map.of(":four", n("4"))));
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k")))
                        .conditionExpression("((size(b))) = :four").expressionAttributeValues(Map.of(":four", n("5")))),
                "Invalid ConditionExpression: The expression has redundant parentheses;");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k")))
                .conditionExpression("(size(b)) BETWEEN :one AND :two OR (attribute_not_exists(b))")
                .expressionAttributeValues(Map.of(":one", n("1"), ":two", n("2")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void operandsOfATypeAFunctionNeverTakesAreRefusedBeforeAnyItemIsRead() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> item = Map.of("pk", s("k"), "b", s("text"));
        ddb.putItem(b -> b.tableName(table).item(item));
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("size(:v) > :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("begins_with(b, :v)")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("begins_with(b, size(b))")),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_type(b, :v)")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N");
        expectValidation(() -> ddb.scan(b -> b.tableName(table).filterExpression("size(:v) = :n")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromBool(true), ":n", n("1")))),
                "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: BOOL");
        // size of a value a function can take is that value's size
        ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("size(:v) = :n AND begins_with(b, :t)")
                .expressionAttributeValues(Map.of(":v", s("abc"), ":n", n("3"), ":t", s("te"))));
    }

    private static void expectValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
