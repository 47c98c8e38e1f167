package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * What DynamoDB refuses and how: the request's shape, then the model's constraints (all of them in one message),
 * then the expressions, then the table; with the {@code __type} namespaces DynamoDB writes.
 */
class RequestValidationTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    /** A JSON 1.0 request as sent, for inputs the SDK will not send. */
    private record Answer(int status, String body) {
    }

    private static Answer raw(String action, byte[] body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(DynamoDbTestService.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + action)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=000000000000/20261206/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), answer.body());
    }

    private static Answer raw(String action, String json) throws Exception {
        return raw(action, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String validation(String message) {
        return "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"" + message + "\"}";
    }

    @Test
    void statementsWithoutTheirStatementAreRefusedAsTheModelRequires() throws Exception {
        assertThat(raw("ExecuteStatement", "{}")).isEqualTo(new Answer(400, validation(
                "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null")));
        assertThat(raw("BatchExecuteStatement", "{\"Statements\":[{}]}")).isEqualTo(new Answer(400, validation(
                "1 validation error detected: Value null at 'statements.1.member.statement' failed to satisfy constraint: "
                        + "Member must not be null")));
        assertThat(raw("ExecuteTransaction", "{\"TransactStatements\":[{}]}")).isEqualTo(new Answer(400, validation(
                "1 validation error detected: Value null at 'transactStatements.1.member.statement' failed to satisfy constraint: "
                        + "Member must not be null")));
        assertThat(raw("BatchExecuteStatement", "{\"Statements\":[]}")).isEqualTo(new Answer(400, validation(
                "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1")));
        List<BatchStatementRequest> many = java.util.Collections.nCopies(26,
                BatchStatementRequest.builder().statement("SELECT * FROM \"no-such-table\"").build());
        assertThatThrownBy(() -> ddb.batchExecuteStatement(b -> b.statements(many)))
                .hasMessageContaining("at 'statements' failed to satisfy constraint: Member must have length less than or equal to 25");
    }

    @Test
    void everyConstraintViolationIsListedBeforeTheTableIsLookedUp() {
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName("no-such-table").select("BOGUS").limit(0)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: "
                            + "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; "
                            + "Value 'BOGUS' at 'select' failed to satisfy constraint: Member must satisfy enum value set: "
                            + "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
                });
        String token = "x".repeat(37);
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.clientRequestToken(token).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("no-such-table").item(Map.of("pk", s("a")))).build())))
                .hasMessageStartingWith("1 validation error detected: Value '" + token + "' at 'clientRequestToken' failed to "
                        + "satisfy constraint: Member must have length less than or equal to 36");
    }

    @Test
    void requiredMembersOfNestedActionsAreNamedByTheirPath() {
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("no-such-table").item(Map.of("pk", s("a")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName("no-such-table").key(Map.of("pk", s("a")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("no-such-table").key(Map.of("pk", s("a")))).build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "2 validation errors detected: "
                                + "Value null at 'transactItems.2.member.update.updateExpression' failed to satisfy constraint: "
                                + "Member must not be null; "
                                + "Value null at 'transactItems.3.member.conditionCheck.conditionExpression' failed to satisfy "
                                + "constraint: Member must not be null"));
        assertThatThrownBy(() -> ddb.transactGetItems(b -> b.transactItems(java.util.List.of())))
                .hasMessageContaining("Value '[]' at 'transactItems' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void errorTypesCarryTheNamespacesDynamoDbWrites() throws Exception {
        assertThat(raw("DescribeTable", "{\"TableName\":\"no-such-table\"}").body())
                .startsWith("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\"");
        assertThat(raw("DescribeTable", "{\"TableName\":5}").body()).isEqualTo(
                "{\"__type\":\"com.amazon.coral.service#SerializationException\",\"Message\":\"NUMBER_VALUE cannot be converted to String\"}");
        assertThat(raw("DescribeTable", "{\"TableName\":\"x\"}").body())
                .startsWith("{\"__type\":\"com.amazon.coral.validate#ValidationException\"");
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedInTheFrontEndsWords() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"TableName\":true}", "TRUE_VALUE cannot be converted to String");
        cases.put("{\"TableName\":34.56}", "DECIMAL_VALUE cannot be converted to String");
        cases.put("{\"TableName\":[]}", "Unrecognized collection type class java.lang.String");
        cases.put("{\"TableName\":{}}", "Start of structure or map found where not expected");
        cases.put("{\"TableName\":\"t\",\"Limit\":\"23\"}", "STRING_VALUE cannot be converted to Integer");
        cases.put("{\"TableName\":\"t\",\"ConsistentRead\":\"23\"}", "Unexpected token received from parser");
        cases.put("{\"TableName\":\"t\",\"ConsistentRead\":23}", "NUMBER_VALUE cannot be converted to Boolean");
        cases.put("{\"TableName\":\"t\",\"AttributesToGet\":23}", "Unexpected field type");
        cases.put("{\"TableName\":\"t\",\"AttributesToGet\":{}}", "Start of structure or map found where not expected");
        cases.put("{\"TableName\":\"t\",\"ExclusiveStartKey\":23}", "Unexpected field type");
        cases.put("{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"a\":{\"B\":true}}}",
                "only base-64-encoded strings are convertible to bytes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(raw("Scan", c.getKey())).as(c.getKey()).isEqualTo(new Answer(400,
                    "{\"__type\":\"com.amazon.coral.service#SerializationException\",\"Message\":\"" + c.getValue() + "\"}"));
        }
    }

    @Test
    void malformedUtf8IsASerializationError() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"TableName\":\"a".getBytes(StandardCharsets.UTF_8));
        body.write(0xC0); // an overlong '/'
        body.write(0xAF);
        body.writeBytes("bc\"}".getBytes(StandardCharsets.UTF_8));
        Answer answer = raw("DescribeTable", body.toByteArray());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"__type\":\"com.amazon.coral.service#SerializationException\"");
    }

    @Test
    void anAttributeDefinitionWithoutTypeOrWithAnUnknownStreamViewTypeIsRefused() {
        String name = DynamoDbTestService.tableName();
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "1 validation error detected: Value null at 'attributeDefinitions.1.member.attributeType' failed to "
                                + "satisfy constraint: Member must not be null"));
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("Fisk").build())
                .streamSpecification(x -> x.streamEnabled(true).streamViewType("Fisk"))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "2 validation errors detected: "
                                + "Value 'Fisk' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
                                + "Member must satisfy enum value set: [B, N, S]; "
                                + "Value 'Fisk' at 'streamSpecification.streamViewType' failed to satisfy constraint: "
                                + "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]"));
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        String table = DynamoDbTestService.createTable(ddb, null);
        assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(true)
                .streamViewType("Fisk"))))
                .hasMessageContaining("Value 'Fisk' at 'streamSpecification.streamViewType' failed to satisfy constraint");
        assertThat(ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn()).isNull();
    }

    @Test
    void controlPlaneRangesAreTheModels() {
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(DynamoDbTestService.tableName())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .billingMode("ONDEMAND").provisionedThroughput(p -> p.readCapacityUnits(0L).writeCapacityUnits(1L))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "2 validation errors detected: "
                                + "Value 'ONDEMAND' at 'billingMode' failed to satisfy constraint: "
                                + "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; "
                                + "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
                                + "Member must have value greater than or equal to 1"));
        assertThatThrownBy(() -> ddb.updateTimeToLive(b -> b.tableName("no-such-table")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(""))))
                .hasMessageStartingWith("1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' "
                        + "failed to satisfy constraint: Member must have length greater than or equal to 1");
        assertThatThrownBy(() -> ddb.updateContinuousBackups(b -> b.tableName("no-such-table")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(36))))
                .hasMessageContaining("Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 35");
        assertThatThrownBy(() -> ddb.listTables(b -> b.limit(101)))
                .hasMessageContaining("Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    }

    @Test
    void anEmptyExpressionAttributeNameIsRefused() {
        String table = DynamoDbTestService.createTable(ddb, null);
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
                .projectionExpression("#a").expressionAttributeNames(Map.of("#a", ""))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("ExpressionAttributeNames contains invalid value: Empty attribute name for key #a"));
    }

    @Test
    void anEmptyAttributeNameIsRefusedWhereverAnItemIsWritten() {
        String table = DynamoDbTestService.createTable(ddb, null);
        String empty = "One or more parameter values were invalid: Empty attribute name";
        Map<String, AttributeValue> item = Map.of("pk", s("a"), "", s("v"));
        Map<String, AttributeValue> key = Map.of("pk", s("a"));
        assertRefused(() -> ddb.putItem(b -> b.tableName(table).item(item)), empty);
        assertRefused(() -> ddb.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of("",
                AttributeValueUpdate.builder().value(s("v")).action(AttributeAction.PUT).build()))), empty);
        assertRefused(() -> ddb.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of("",
                AttributeValueUpdate.builder().action(AttributeAction.DELETE).build()))), empty);
        assertRefused(() -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET #a = :v")
                        .expressionAttributeNames(Map.of("#a", "")).expressionAttributeValues(Map.of(":v", s("v")))),
                "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a");
        assertRefused(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(WriteRequest.builder()
                .putRequest(p -> p.item(item)).build())))), empty);
        assertRefused(() -> ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item)).build())), empty);
        assertRefused(() -> ddb.executeStatement(b -> b.statement(
                "INSERT INTO \"" + table + "\" VALUE {'pk': 'a', '': 'v'}")), empty);
        assertThat(ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).hasItem()).isFalse();
        // the keys of a map value may be empty
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"), "m", AttributeValue.fromM(Map.of("", s("v"))))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("b"))).consistentRead(true)).item().get("m").m())
                .containsEntry("", s("v"));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void attributeNamesAreLimitedTo64Kilobytes() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "n".repeat(65535), s("v"))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "n".repeat(65536), s("v")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("at 'item' failed to satisfy constraint: Map keys must satisfy constraint: "
                        + "[Member must have length less than or equal to 65535]");
    }

    @Test
    void expressionsAreLimitedInSizeAndOperators() {
        String table = DynamoDbTestService.createTable(ddb, null);
        Map<String, AttributeValue> values = Map.of(":v", s("x"));
        String big = "a = :v" + " OR a = :v".repeat(1000);
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a")))
                .conditionExpression(big).expressionAttributeValues(values)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: "
                                + big.length()));
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName(table).filterExpression("a = :v" + " OR a = :v".repeat(300))
                .expressionAttributeValues(values)))
                .hasMessageStartingWith("Invalid FilterExpression: The expression contains too many operators; operator count: 301");
        String nested = "(".repeat(1000) + "a = :v" + ")".repeat(1000);
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a")))
                .conditionExpression(nested).expressionAttributeValues(values)))
                .hasMessageStartingWith("Invalid ConditionExpression: The expression has redundant parentheses;");
        String negated = "NOT ".repeat(1000) + "a = :v";
        assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
                .conditionExpression(negated).expressionAttributeValues(values)))
                .hasMessageStartingWith("Invalid ConditionExpression: The expression contains too many operators;");
        assertThat(ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a")))
                .conditionExpression("((a = :v) OR (a = :v)) OR attribute_not_exists(pk)").expressionAttributeValues(values)))
                .isNotNull();
    }

    @Test
    void aBadExpressionIsReportedBeforeAMissingTable() {
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("no-such-table").key(Map.of("pk", s("a")))
                .updateExpression("SET")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid UpdateExpression: Syntax error"));
        assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName("no-such-table").key(Map.of("pk", s("a")))
                .conditionExpression("a = = b")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid ConditionExpression: Syntax error"));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("no-such-table").item(Map.of("pk", s("a")))
                .conditionExpression("a = :missing")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid ConditionExpression: An expression attribute value used in expression is not defined"));
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("no-such-table").item(Map.of("pk", s("a")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("no-such-table").key(Map.of("pk", s("b")))
                        .conditionExpression("a = :missing")).build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid ConditionExpression: An expression attribute value used in expression is not defined"));
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("no-such-table").key(Map.of("pk", s("a")))
                .projectionExpression("a,")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid ProjectionExpression: Syntax error"));
        assertThatThrownBy(() -> ddb.query(b -> b.tableName("no-such-table").keyConditionExpression("pk = :p")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid KeyConditionExpression: An expression attribute value used in expression is not defined"));
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName("no-such-table").filterExpression("a <")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid FilterExpression: Syntax error"));
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName("no-such-table").segment(3).totalSegments(2)))
                .hasMessageStartingWith("The Segment parameter is zero-based and must be less than parameter TotalSegments");
    }

    @Test
    void longOrDeepPartiqlIsRefusedNotOverflowed() {
        String table = DynamoDbTestService.createTable(ddb, null);
        String where = "pk = 'a'" + " AND pk = 'a'".repeat(600);
        assertThatThrownBy(() -> ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE " + where)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertThatThrownBy(() -> ddb.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'b', 'l': "
                + deep + "}")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Nesting Levels have exceeded supported limits");
                });
    }

    @Test
    void numbersBeyond38DigitsAreRefusedNotRounded() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "n", AttributeValue.fromN("1e50"))));
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
                .updateExpression("SET n = n - :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Attempting to store more than 38 significant digits in a Number"));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))).item().get("n").n())
                .isEqualTo("100000000000000000000000000000000000000000000000000");
    }

    @Test
    void aStartKeyOutsideTheQueriedPartitionIsRefused() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("1"))));
        assertThatThrownBy(() -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))
                .exclusiveStartKey(Map.of("pk", s("b"), "sk", s("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The provided starting key is outside query boundaries based on provided conditions"));
        assertThat(ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))
                .exclusiveStartKey(Map.of("pk", s("a"), "sk", s("0")))).items()).hasSize(1);
    }
}
