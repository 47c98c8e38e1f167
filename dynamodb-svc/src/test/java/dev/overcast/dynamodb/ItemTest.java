package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class ItemTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();



    @Test
    void putGetDeleteWithEveryType() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        Map<String, AttributeValue> item = Map.of(
                "pk", s("a"), "sk", n("1.50"),
                "str", s("héllo"), "num", n("-0012.3400"), "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1})),
                "bool", AttributeValue.fromBool(true),
                "ss", AttributeValue.fromSs(List.of("x", "y")), "ns", AttributeValue.fromNs(List.of("1", "2.0")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("q"))),
                "m", AttributeValue.fromM(Map.of("nul", AttributeValue.fromNul(true), "deep", AttributeValue.fromL(List.of(n("1"), s("two"))))));
        ddb.putItem(b -> b.tableName(table).item(item));
        Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", n("1.5")))
                .consistentRead(true)).item();
        assertThat(got.get("num").n()).isEqualTo("-12.34");
        assertThat(got.get("sk").n()).isEqualTo("1.5");
        assertThat(got.get("bin").b().asByteArray()).containsExactly(0, -1);
        assertThat(got.get("m").m().get("deep").l().get(1).s()).isEqualTo("two");
        assertThat(got.get("ns").ns()).containsExactly("1", "2");

        Map<String, AttributeValue> projected = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", n("1.5")))
                .projectionExpression("#s, m.deep[1], ss").expressionAttributeNames(Map.of("#s", "str"))).item();
        assertThat(projected).containsOnlyKeys("str", "m", "ss");
        assertThat(projected.get("m").m().get("deep").l()).containsExactly(s("two"));

        DeleteItemResponse deleted = ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", n("1.5")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes().get("str").s()).isEqualTo("héllo");
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a"), "sk", n("1.5")))).hasItem()).isFalse();
    }

    @Test
    void conditionalPutAndReturnValuesOnConditionCheckFailure() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "v", n("1"))).conditionExpression("attribute_not_exists(pk)"));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "v", n("2")))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                    assertThat(e.item()).containsEntry("v", n("1"));
                });
        PutItemResponse replaced = ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "v", n("3")))
                .conditionExpression("v = :one AND NOT (v IN (:two, :three)) OR size(pk) > :three")
                .expressionAttributeValues(Map.of(":one", n("1"), ":two", n("2"), ":three", n("3")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(replaced.attributes()).containsEntry("v", n("1"));
        assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("k")))
                .conditionExpression("v BETWEEN :a AND :b").expressionAttributeValues(Map.of(":a", n("5"), ":b", n("9")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void updateExpressionsAndAllReturnValues() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("u"));
        UpdateItemResponse created = ddb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, tags = :tags, doc = :doc ADD visits :one, colors :red")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"), ":tags", AttributeValue.fromL(List.of(s("a"))),
                        ":doc", AttributeValue.fromM(Map.of("a", AttributeValue.fromM(Map.of("b", n("1"))))),
                        ":red", AttributeValue.fromSs(List.of("red"))))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(created.attributes()).containsEntry("count", n("1")).containsEntry("visits", n("1"));

        UpdateItemResponse updatedNew = ddb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET tags = list_append(tags, :more), doc.a.c = :s, #c = #c - :one REMOVE doc.a.b DELETE colors :red")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":more", AttributeValue.fromL(List.of(s("b"), s("c"))), ":s", s("x"),
                        ":one", n("1"), ":red", AttributeValue.fromSs(List.of("red"))))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(updatedNew.attributes()).containsOnlyKeys("tags", "doc", "count");
        assertThat(updatedNew.attributes().get("tags").l()).containsExactly(s("a"), s("b"), s("c"));
        assertThat(updatedNew.attributes().get("doc").m().get("a").m()).containsOnlyKeys("c");

        UpdateItemResponse updatedOld = ddb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("REMOVE tags[0], tags[2]").returnValues(ReturnValue.UPDATED_OLD));
        assertThat(updatedOld.attributes().get("tags").l()).containsExactly(s("a"), s("c"));
        Map<String, AttributeValue> now = ddb.getItem(b -> b.tableName(table).key(key)).item();
        assertThat(now.get("tags").l()).containsExactly(s("b"));
        assertThat(now).doesNotContainKey("colors");
        assertThat(now.get("count")).isEqualTo(n("0"));

        UpdateItemResponse allOld = ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET x = :v")
                .expressionAttributeValues(Map.of(":v", s("y"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(allOld.attributes()).doesNotContainKey("x").containsKey("count");
        assertThat(ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET x = :v")
                .expressionAttributeValues(Map.of(":v", s("z")))).hasAttributes()).isFalse();
    }

    @Test
    void expressionValidationMessages() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("e"));
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v")
                        .expressionAttributeValues(Map.of(":v", s("1"), ":unused", s("2")))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v")),
                "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET #a = :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v")
                        .expressionAttributeNames(Map.of("#n", "x")).expressionAttributeValues(Map.of(":v", s("1")))),
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET status = :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET pk = :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v REMOVE a.b")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a.b = :v, a[1] = :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = :v SET b = :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("ADD a :v")
                        .expressionAttributeValues(Map.of(":v", s("1")))),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("a = ")),
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("foo(a)")),
                "Invalid ConditionExpression: Invalid function name; function: foo");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("begins_with(a)")),
                "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("size(a)")),
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("attribute_type(a, :t)")
                        .expressionAttributeValues(Map.of(":t", s("X")))),
                "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(key).conditionExpression("")),
                "Invalid ConditionExpression: The expression can not be empty;");
        expectValidation(() -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", n("1")))),
                "The provided key element does not match the schema");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("x", s("1")))),
                "One or more parameter values were invalid: Missing the key pk in the item");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", n("1")))),
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("")))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("x"), "n", n("1234567890123456789012345678901234567890")))),
                "Attempting to store more than 38 significant digits in a Number");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("x"), "ss", AttributeValue.fromSs(List.of("a", "a"))))),
                "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
        expectValidation(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("x"), "big", s("x".repeat(400 * 1024))))),
                "Item size has exceeded the maximum allowed size");
        expectValidation(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET a = b + :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("no-such-table").key(key)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Requested resource not found");
    }

    private static void expectValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void conditionalWritesAreAtomicUnderConcurrency() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> key = Map.of("pk", s("counter"));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("counter"), "n", n("0"))));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger wins = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    // optimistic increment: read, then write only if unchanged
                    while (true) {
                        String current = ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item().get("n").n();
                        try {
                            ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET n = n + :one")
                                    .conditionExpression("n = :cur")
                                    .expressionAttributeValues(Map.of(":one", n("1"), ":cur", n(current))));
                            wins.incrementAndGet();
                            break;
                        } catch (ConditionalCheckFailedException retry) {
                            // someone else won; read again
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        assertThat(wins.get()).isEqualTo(200);
        assertThat(ddb.getItem(b -> b.tableName(table).key(key)).item().get("n").n()).isEqualTo("200");

        // only one of many concurrent creates with attribute_not_exists succeeds
        ExecutorService pool2 = Executors.newFixedThreadPool(8);
        AtomicInteger created = new AtomicInteger();
        List<Future<?>> creates = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            creates.add(pool2.submit(() -> {
                try {
                    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("once"), "by", n(Integer.toString(id))))
                            .conditionExpression("attribute_not_exists(pk)"));
                    created.incrementAndGet();
                } catch (ConditionalCheckFailedException expected) {
                    // lost the race
                }
                return null;
            }));
        }
        for (Future<?> f : creates) {
            f.get();
        }
        pool2.shutdown();
        assertThat(created.get()).isEqualTo(1);
    }
}
