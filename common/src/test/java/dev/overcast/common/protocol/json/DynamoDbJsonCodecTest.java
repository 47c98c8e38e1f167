package dev.overcast.common.protocol.json;

import static dev.overcast.common.protocol.CodecHarness.catchAws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.CodecHarness;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import dev.overcast.common.protocol.TestHttpRequest;
import dev.overcast.common.protocol.TestHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingModeSummary;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;

class DynamoDbJsonCodecTest {

    static final AwsApiDescriptor API = AwsApiDescriptor.jsonRpc("dynamodb", "dynamodb", Protocol.AWS_JSON_1_0,
            "DynamoDB_20120810", DynamoDbClient.class, "com.amazonaws.dynamodb.v20120810#");

    final ProtocolCodec codec = ProtocolCodecs.forApi(API);
    final CodecHarness wire = new CodecHarness(codec);
    final DynamoDbClient client = wire.client(DynamoDbClient.builder());

    @AfterEach
    void close() {
        client.close();
    }

    static Map<String, AttributeValue> item() {
        return Map.of(
                "pk", AttributeValue.fromS("user#1"),
                "n", AttributeValue.fromN("42.5"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})),
                "ns", AttributeValue.fromNs(List.of("1", "2.5", "-3")),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("s", AttributeValue.fromS("ü")))))
        );
    }

    @Test
    void operationsAreDiscovered() {
        assertThat(codec.operations()).extracting(o -> o.name())
                .contains("PutItem", "GetItem", "CreateTable", "TransactWriteItems", "ListTables")
                .doesNotHaveDuplicates();
    }

    @Test
    void putItemRoundTrip() {
        PutItemRequest request = PutItemRequest.builder().tableName("t").item(item())
                .conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))
                .returnValues("ALL_OLD").build();
        PutItemResponse response = PutItemResponse.builder().attributes(item()).build();
        wire.nextResponse = response;
        PutItemResponse got = client.putItem(request);

        assertThat(wire.lastOperation.name()).isEqualTo("PutItem");
        assertThat(wire.lastRequest.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.PutItem");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(wire.lastResponse.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void createTableAndDescribeTableWithTimestamps() {
        CreateTableRequest request = CreateTableRequest.builder().tableName("t")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L)
                        .build())
                .tags(List.of()).build();
        TableDescription table = TableDescription.builder().tableName("t").tableStatus("ACTIVE")
                .creationDateTime(Instant.parse("2024-05-06T07:08:09.123Z"))
                .itemCount(12L).tableSizeBytes(3456L)
                .billingModeSummary(BillingModeSummary.builder().billingMode("PAY_PER_REQUEST")
                        .lastUpdateToPayPerRequestDateTime(Instant.parse("2024-05-06T07:08:09Z")).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .build();
        wire.nextResponse = CreateTableResponse.builder().tableDescription(table).build();
        CreateTableResponse created = client.createTable(request);
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(created.tableDescription().equalsBySdkFields(table)).isTrue();

        wire.nextResponse = DescribeTableResponse.builder().table(table).build();
        DescribeTableResponse described = client.describeTable(DescribeTableRequest.builder().tableName("t").build());
        assertThat(described.table().creationDateTime()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertThat(described.table().equalsBySdkFields(table)).isTrue();
        assertThat(wire.lastResponse.bodyText()).contains("\"CreationDateTime\":1714979289.123");
    }

    @Test
    void modeledErrorComesOutAsItsException() {
        wire.nextError = new AwsException("ResourceNotFoundException", 400, "Requested resource not found");
        assertThatThrownBy(() -> client.getItem(GetItemRequest.builder().tableName("missing")
                .key(Map.of("pk", AttributeValue.fromS("x"))).build()))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThat(wire.lastResponse.bodyText())
                .contains("\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\"");
    }

    @Test
    void errorDetailsAreWrittenAsMembers() {
        List<CancellationReason> reasons = List.of(
                CancellationReason.builder().code("ConditionalCheckFailed").message("The conditional request failed")
                        .item(Map.of("pk", AttributeValue.fromS("a"))).build(),
                CancellationReason.builder().code("None").build());
        wire.nextError = new AwsException("TransactionCanceledException", 400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + "[ConditionalCheckFailed, None]")
                .withDetails(TransactionCanceledException.builder().cancellationReasons(reasons).build());
        assertThatThrownBy(() -> client.transactWriteItems(TransactWriteItemsRequest.builder().build()))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).hasSize(2);
                    assertThat(e.cancellationReasons().get(0).equalsBySdkFields(reasons.get(0))).isTrue();
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Transaction cancelled");
                });
    }

    @Test
    void getItemWithEmptyResponse() {
        wire.nextResponse = GetItemResponse.builder().build();
        GetItemResponse got = client.getItem(GetItemRequest.builder().tableName("t")
                .key(Map.of("pk", AttributeValue.fromS("x"))).consistentRead(true).build());
        assertThat(got.hasItem()).isFalse();
        assertThat(wire.lastResponse.bodyText()).isEqualTo("{}");
    }

    @Test
    void unknownActionAndWrongPrefix() throws Exception {
        for (String target : new String[] {"DynamoDB_20120810.Nope", "Other_1.PutItem", "PutItem"}) {
            TestHttpRequest req = TestHttpRequest.of("POST", "/", "X-Amz-Target", target,
                    "Content-Type", "application/x-amz-json-1.0");
            assertThatThrownBy(() -> codec.route(req)).isInstanceOfSatisfying(AwsException.class, e -> {
                assertThat(e.code()).isEqualTo("UnknownOperationException");
                assertThat(e.status()).isEqualTo(400);
            });
        }
        TestHttpRequest noTarget = TestHttpRequest.of("POST", "/");
        AwsException e = catchAws(() -> codec.route(noTarget));
        TestHttpResponse out = new TestHttpResponse();
        codec.writeError(e, noTarget, "r", out);
        assertThat(out.status).isEqualTo(400);
        assertThat(out.bodyText()).contains("\"__type\":\"com.amazon.coral.service#UnknownOperationException\"");
    }

    @Test
    void malformedBodiesAreSerializationErrors() {
        for (String body : new String[] {"{not json", "[1]", "{\"TableName\": 5}", "{\"Limit\": \"x\"}",
                "{\"TableName\":\"t\"} trailing", "{\"ExclusiveStartKey\": []}"}) {
            TestHttpRequest req = TestHttpRequest.of("POST", "/", "X-Amz-Target", "DynamoDB_20120810.Scan")
                    .withBody(body.getBytes(StandardCharsets.UTF_8));
            AwsException e = catchAws(() -> codec.readRequest(req, codec.route(req)));
            assertThat(e.code()).as(body).isEqualTo("SerializationException");
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Test
    void emptyBodyAndUnknownMembers() {
        TestHttpRequest req = TestHttpRequest.of("POST", "/", "X-Amz-Target", "DynamoDB_20120810.ListTables");
        assertThat(codec.readRequest(req, codec.route(req)))
                .isEqualTo(software.amazon.awssdk.services.dynamodb.model.ListTablesRequest.builder().build());
        TestHttpRequest req2 = req.withBody("{\"Limit\": 3, \"Bogus\": {\"a\": [1, {\"b\": null}]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(codec.readRequest(req2, codec.route(req2)))
                .isEqualTo(software.amazon.awssdk.services.dynamodb.model.ListTablesRequest.builder().limit(3).build());
        // members the model lacks are kept for a handler that serves them (a model pinned older than AWS's API)
        assertThat(JsonRpcCodec.membersBeyondModel()).containsExactly(java.util.Map.entry("/Bogus", "{\"a\":[1,{\"b\":null}]}"));
        TestHttpRequest req3 = req.withBody("{\"Limit\": 3}".getBytes(StandardCharsets.UTF_8));
        codec.readRequest(req3, codec.route(req3));
        assertThat(JsonRpcCodec.membersBeyondModel()).isEmpty();
    }
}
