package dev.overcast.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.auth.SigV4Settings;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.TestHttpRequest;
import dev.overcast.common.protocol.TestHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;

/** The whole request path (API selection, routing, decoding, handler, errors) for every protocol. */
class AwsDispatcherTest {

    static final AwsApiDescriptor DYNAMODB = AwsApiDescriptor.jsonRpc("dynamodb", "dynamodb", Protocol.AWS_JSON_1_0,
            "DynamoDB_20120810", DynamoDbClient.class, "com.amazonaws.dynamodb.v20120810#");
    static final AwsApiDescriptor KINESIS = AwsApiDescriptor.jsonRpc("kinesis", "kinesis", Protocol.AWS_JSON_1_1,
            "Kinesis_20131202", KinesisClient.class, "");
    static final AwsApiDescriptor LAMBDA = AwsApiDescriptor.restJson("lambda", "lambda", LambdaClient.class);

    @AwsApi(api = "dynamodb")
    static class Tables {
        public ListTablesResponse listTables(RequestContext ctx, ListTablesRequest request) {
            return ListTablesResponse.builder().tableNames("t-" + ctx.account() + "-" + ctx.region()).build();
        }

        public DescribeTableResponse describeTable(RequestContext ctx, DescribeTableRequest request) {
            if (request.tableName().equals("boom")) {
                throw new IllegalStateException("a bug, not the client's fault");
            }
            throw new AwsException("ResourceNotFoundException", 400, "Requested resource not found: Table: "
                    + request.tableName() + " not found").withDetails(ResourceNotFoundException.builder()
                    .message("Requested resource not found").build());
        }
    }

    @AwsApi(api = "lambda")
    static class Functions {
        public CreateFunctionResponse createFunction(RequestContext ctx, CreateFunctionRequest request) {
            return CreateFunctionResponse.builder().functionName(request.functionName()).build();
        }
    }

    private final AwsDispatcher jsonServices = AwsDispatcher.create(List.of(DYNAMODB, KINESIS), List.of(new Tables()),
            new SigV4Authenticator(SigV4Settings.permissive(), Clock.systemUTC()));
    private final AwsDispatcher restJson = AwsDispatcher.create(List.of(LAMBDA), List.of(new Functions()),
            new SigV4Authenticator(SigV4Settings.permissive(), Clock.systemUTC()));

    private TestHttpResponse call(AwsDispatcher dispatcher, TestHttpRequest request) throws Exception {
        TestHttpResponse response = new TestHttpResponse();
        dispatcher.handle(request, response);
        return response;
    }

    /** Calls the JSON services and asserts a 400 whose body contains every one of {@code expected}. */
    private void assertJson400(String target, String contentType, String body, String... expected) throws Exception {
        TestHttpResponse response = call(jsonServices, json(target, contentType, body));
        assertThat(response.status).isEqualTo(400);
        assertThat(response.bodyText()).contains(expected);
    }

    private static TestHttpRequest json(String target, String contentType, String body) {
        return TestHttpRequest.of("POST", "/", "X-Amz-Target", target, "Content-Type", contentType,
                "Authorization", "AWS4-HMAC-SHA256 Credential=123456789012/20260101/eu-west-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=00")
                .withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dispatchesByTargetWithAccountAndRegionFromTheSignature() throws Exception {
        TestHttpResponse response = call(jsonServices, json("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}"));
        assertThat(response.status).isEqualTo(200);
        assertThat(response.bodyText()).contains("t-123456789012-eu-west-1");
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void modeledErrorsKeepTheirTypeAndStatus() throws Exception {
        TestHttpResponse response = call(jsonServices, json("DynamoDB_20120810.DescribeTable", "application/x-amz-json-1.0",
                "{\"TableName\":\"missing\"}"));
        assertThat(response.status).isEqualTo(400);
        assertThat(response.bodyText()).contains("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
                .contains("Table: missing not found");
    }

    @Test
    void unexpectedFailuresAre500WithoutAStackTrace() throws Exception {
        TestHttpResponse response = call(jsonServices, json("DynamoDB_20120810.DescribeTable", "application/x-amz-json-1.0",
                "{\"TableName\":\"boom\"}"));
        assertThat(response.status).isEqualTo(500);
        assertThat(response.bodyText()).contains("InternalFailure").doesNotContain("IllegalStateException");
    }

    @Test
    void json10UnknownActionAndMalformedBody() throws Exception {
        assertJson400("DynamoDB_20120810.Teleport", "application/x-amz-json-1.0", "{}", "UnknownOperationException");
        assertJson400("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{\"Limit\":",
                "SerializationException");
        assertJson400("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{\"Limit\":\"ten\"}",
                "SerializationException");
    }

    @Test
    void json11AndCborUnknownActionNotImplementedAndMalformedBody() throws Exception {
        assertJson400("Kinesis_20131202.Teleport", "application/x-amz-json-1.1", "{}", "UnknownOperationException");
        assertJson400("Kinesis_20131202.ListStreams", "application/x-amz-json-1.1", "{}", "UnknownOperationException",
                "ListStreams");
        TestHttpResponse cbor = call(jsonServices, json("Kinesis_20131202.Teleport", "application/x-amz-cbor-1.1", ""));
        assertThat(cbor.status).isEqualTo(400);
        assertThat(cbor.header("Content-Type")).isEqualTo("application/x-amz-cbor-1.1");
        assertThat(new String(cbor.body.toByteArray(), StandardCharsets.ISO_8859_1)).contains("UnknownOperationException");
    }

    @Test
    void restJsonUnknownPathNotImplementedAndMalformedBody() throws Exception {
        TestHttpResponse unknown = call(restJson, TestHttpRequest.of("GET", "/2015-03-31/nowhere"));
        assertThat(unknown.status).isBetween(400, 499);
        assertThat(unknown.header("x-amzn-ErrorType")).startsWith("UnknownOperationException");
        TestHttpResponse notYet = call(restJson, TestHttpRequest.of("GET", "/2015-03-31/functions/f"));
        assertThat(notYet.status).isBetween(400, 499);
        assertThat(notYet.bodyText()).contains("GetFunction");
        TestHttpResponse malformed = call(restJson, TestHttpRequest.of("POST", "/2015-03-31/functions",
                "Content-Type", "application/json").withBody("{\"FunctionName\":".getBytes(StandardCharsets.UTF_8)));
        assertThat(malformed.status).isEqualTo(400);
        assertThat(malformed.header("x-amzn-ErrorType")).startsWith("SerializationException");
        TestHttpResponse ok = call(restJson, TestHttpRequest.of("POST", "/2015-03-31/functions",
                "Content-Type", "application/json").withBody("{\"FunctionName\":\"f1\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.bodyText()).contains("\"FunctionName\":\"f1\"");
    }
}
