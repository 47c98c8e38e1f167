package dev.overcast.common.protocol.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The generic walk over a constraint table (a small hand-made one in the test resources). */
class ConstraintValidatorTest {

    private static final AwsApiDescriptor API = AwsApiDescriptor.jsonRpc("constraint-test", "dynamodb",
            Protocol.AWS_JSON_1_0, "DynamoDB_20120810", DynamoDbClient.class, "com.amazonaws.dynamodb.v20120810#");

    private static String message(String operation, SdkPojo request) {
        try {
            ConstraintValidator.check(API, operation, request);
            return null;
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("ValidationException");
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
    }

    @Test
    void aValidRequestPassesAndAnUnknownApiOrOperationIsNotChecked() {
        assertThat(message("PutItem", PutItemRequest.builder().tableName("abc").item(Map.of("a", AttributeValue.fromS("x")))
                .returnValues("ALL_OLD").build())).isNull();
        assertThat(message("GetItem", PutItemRequest.builder().build())).isNull();
        AwsApiDescriptor other = AwsApiDescriptor.jsonRpc("no-table-for-this", "x", Protocol.AWS_JSON_1_0, "X",
                DynamoDbClient.class, "");
        assertThatCode(() -> ConstraintValidator.check(other, "PutItem", PutItemRequest.builder().build())).doesNotThrowAnyException();
    }

    @Test
    void everyViolationIsListedInOneMessage() {
        assertThat(message("PutItem", PutItemRequest.builder().tableName("A;").returnValues("SOME").build()))
                .isEqualTo("4 validation errors detected: "
                        + "Value 'A;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; "
                        + "Value 'A;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; "
                        + "Value null at 'item' failed to satisfy constraint: Member must not be null; "
                        + "Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [NONE, ALL_OLD]");
    }

    @Test
    void aPatternsDotAlsoMatchesLineBreaks() {
        // as AWS checks them: a multi-line value (a schema definition, a policy document) satisfies ".*\\S.*"
        assertThat(message("PutItem", PutItemRequest.builder().tableName("abc").item(Map.of())
                .conditionExpression("{\n  \"a\": 1\n}").build())).isNull();
        assertThat(message("PutItem", PutItemRequest.builder().tableName("abc").item(Map.of())
                .conditionExpression(" \n ").build()))
                .isEqualTo("1 validation error detected: Value ' \n ' at 'conditionExpression' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: .*\\S.*");
    }

    @Test
    void mapKeysAreCheckedTogetherAndNestedValuesWalked() {
        AttributeValue deep = AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("toolong", AttributeValue.fromS("x")))));
        assertThat(message("PutItem", PutItemRequest.builder().tableName("abc")
                .item(Map.of("a", deep)).build()))
                .isEqualTo("1 validation error detected: Value '{toolong=AttributeValue(S=x)}' at 'item.a.member.l.1.member.m' "
                        + "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 5]");
    }

    @Test
    void listsAndMapValuesAreNamedByTheirEntries() {
        WriteRequest noItem = WriteRequest.builder().putRequest(p -> p.build()).build();
        assertThat(message("BatchWriteItem", BatchWriteItemRequest.builder().requestItems(Map.of("abc", List.of(noItem))).build()))
                .isEqualTo("1 validation error detected: Value null at 'requestItems.abc.member.1.member.putRequest.item' "
                        + "failed to satisfy constraint: Member must not be null");
        assertThat(message("BatchWriteItem", BatchWriteItemRequest.builder().requestItems(Map.of("abc", List.of(noItem, noItem, noItem))).build()))
                .startsWith("4 validation errors detected: Value '{abc=[")
                .contains("at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                        + "[Member must have length less than or equal to 2, Member must have length greater than or equal to 1]");
        assertThat(message("CreateTable", CreateTableRequest.builder().tableName("abc")
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build(),
                        KeySchemaElement.builder().attributeName("sk").build())
                .provisionedThroughput(p -> p.readCapacityUnits(11L)).build()))
                .isEqualTo("2 validation errors detected: "
                        + "Value null at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must not be null; "
                        + "Value '11' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 10");
        assertThatThrownBy(() -> ConstraintValidator.check(API, "CreateTable", CreateTableRequest.builder().build()))
                .hasMessage("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    }
}
