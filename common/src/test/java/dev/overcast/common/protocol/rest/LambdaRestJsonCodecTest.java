package dev.overcast.common.protocol.rest;

import static dev.overcast.common.protocol.CodecHarness.catchAws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.CodecHarness;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import dev.overcast.common.protocol.TestHttpRequest;
import dev.overcast.common.protocol.TestHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsRequest;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.TagResourceResponse;

class LambdaRestJsonCodecTest {

    final ProtocolCodec codec = ProtocolCodecs.forApi(AwsApiDescriptor.restJson("lambda", "lambda", LambdaClient.class));
    final CodecHarness wire = new CodecHarness(codec);
    final LambdaClient lambda = wire.client(LambdaClient.builder());

    @AfterEach
    void close() {
        lambda.close();
    }

    @Test
    void createFunctionNestedMapsListsBlobs() {
        CreateFunctionRequest request = CreateFunctionRequest.builder().functionName("fn").runtime("java21")
                .role("arn:aws:iam::000000000000:role/r").handler("a.B::handle").timeout(30).memorySize(512)
                .publish(true).code(FunctionCode.builder().zipFile(SdkBytes.fromByteArray(new byte[] {80, 75, 3, 4, 0, -1}))
                        .build())
                .environment(Environment.builder().variables(Map.of("A", "1", "B", "two")).build())
                .layers("arn:layer:1", "arn:layer:2").tags(Map.of("team", "x")).build();
        CreateFunctionResponse response = CreateFunctionResponse.builder().functionName("fn").memorySize(512)
                .environment(EnvironmentResponse.builder().variables(Map.of("A", "1")).build())
                .codeSize(6L).lastModified("2024-01-01T00:00:00.000+0000").build();
        wire.nextResponse = response;
        CreateFunctionResponse got = lambda.createFunction(request);
        assertThat(wire.lastOperation.name()).isEqualTo("CreateFunction");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        assertThat(wire.lastResponse.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void invokeWithBlobPayloadHeadersAndStatusCode() {
        InvokeRequest request = InvokeRequest.builder().functionName("fn").qualifier("live")
                .invocationType("RequestResponse").logType("Tail")
                .clientContext("eyJhIjoxfQ==").payload(SdkBytes.fromUtf8String("{\"in\":1}")).build();
        InvokeResponse response = InvokeResponse.builder().statusCode(200).executedVersion("3")
                .functionError("Unhandled").logResult("bG9n")
                .payload(SdkBytes.fromUtf8String("{\"out\":[1,2]}")).build();
        wire.nextResponse = response;
        InvokeResponse got = lambda.invoke(request);
        assertThat(wire.lastOperation.name()).isEqualTo("Invoke");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(wire.lastResponse.bodyText()).isEqualTo("{\"out\":[1,2]}");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();

        wire.nextResponse = InvokeResponse.builder().statusCode(202).build();
        InvokeResponse async = lambda.invoke(InvokeRequest.builder().functionName("fn").invocationType("Event").build());
        assertThat(async.statusCode()).isEqualTo(202);
        assertThat(wire.lastResponse.status).isEqualTo(202);
    }

    @Test
    void queryMembersAndTimestamps() {
        ListFunctionsRequest request = ListFunctionsRequest.builder().marker("m 1").maxItems(5)
                .functionVersion("ALL").masterRegion("us-west-2").build();
        ListFunctionsResponse response = ListFunctionsResponse.builder().nextMarker("m2")
                .functions(FunctionConfiguration.builder().functionName("a").timeout(3).build()).build();
        wire.nextResponse = response;
        ListFunctionsResponse got = lambda.listFunctions(request);
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(got.equalsBySdkFields(response)).isTrue();

        CreateEventSourceMappingResponse esm = CreateEventSourceMappingResponse.builder().uuid("u")
                .batchSize(10).lastModified(Instant.parse("2024-03-04T05:06:07.250Z"))
                .startingPositionTimestamp(Instant.parse("2024-03-04T00:00:00Z")).build();
        wire.nextResponse = esm;
        CreateEventSourceMappingRequest esmRequest = CreateEventSourceMappingRequest.builder().functionName("fn")
                .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s").startingPosition("AT_TIMESTAMP")
                .startingPositionTimestamp(Instant.parse("2024-03-04T00:00:00Z")).batchSize(10).build();
        CreateEventSourceMappingResponse gotEsm = lambda.createEventSourceMapping(esmRequest);
        assertThat(esmRequest.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(gotEsm.equalsBySdkFields(esm)).as("parsed %s", gotEsm).isTrue();
        assertThat(wire.lastResponse.bodyText()).contains("\"LastModified\":1709528767.25");
    }

    @Test
    void pathLabelWithArnAndNoContentResponse() {
        TagResourceRequest request = TagResourceRequest.builder()
                .resource("arn:aws:lambda:us-east-1:000000000000:function:fn").tags(Map.of("k", "v")).build();
        wire.nextResponse = TagResourceResponse.builder().build();
        lambda.tagResource(request);
        assertThat(wire.lastOperation.name()).isEqualTo("TagResource");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
    }

    @Test
    void modeledError() {
        wire.nextError = new AwsException("ResourceNotFoundException", 404,
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
        assertThatThrownBy(() -> lambda.getFunction(GetFunctionRequest.builder().functionName("nope").build()))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Function not found");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
        assertThat(wire.lastResponse.header("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void unknownRouteAndMalformedBody() throws Exception {
        TestHttpRequest unknown = TestHttpRequest.of("GET", "/2015-03-31/nothing-here");
        AwsException e = catchAws(() -> codec.route(unknown));
        assertThat(e.code()).isEqualTo("UnknownOperationException");
        assertThat(e.status()).isEqualTo(404);
        TestHttpResponse out = new TestHttpResponse();
        codec.writeError(e, unknown, "r", out);
        assertThat(out.status).isEqualTo(404);
        assertThat(out.header("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(out.bodyText()).contains("\"message\"");

        TestHttpRequest bad = TestHttpRequest.of("POST", "/2015-03-31/functions")
                .withBody("{\"FunctionName\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.route(bad).name()).isEqualTo("CreateFunction");
        AwsException se = catchAws(() -> codec.readRequest(bad, codec.route(bad)));
        assertThat(se.code()).isEqualTo("SerializationException");
        assertThat(se.status()).isEqualTo(400);
    }
}
