package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.overcast.common.testing.Boto3Scenario;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * What reaches the suite below the SDKs: requests Tomcat itself would refuse, bodies that stall or lie about their
 * length, keys Tomcat would normalise, 100-continue, services this deployment does not run. Each answer is the AWS
 * service's own, through the gateway and at the service's own port. A sandbox of its own: SigV4 verify mode and a
 * short idle timeout ({@code overcast.http.idle-timeout}).
 */
class HttpEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static String bucket;

    @BeforeAll
    static void start() {
        sandbox = SharedSandbox.start(Map.of(
                "OVERCAST_SIGV4", "verify",
                "OVERCAST_SIGV4_KEYS", "AKIDEDGE:edge-secret",
                "overcast.http.idle-timeout", "2s"));
        bucket = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        s3(sandbox.gatewayPort()).createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static S3Client s3(int port) {
        return Clients.s3("http://localhost:" + port, "AKIDEDGE", "edge-secret");
    }

    private static RawHttp.Answer raw(int port, String request) throws IOException {
        return RawHttp.exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false, WAIT);
    }

    private static String s3Code(RawHttp.Answer answer) {
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/xml");
        String body = answer.text();
        return body.substring(body.indexOf("<Code>") + 6, body.indexOf("</Code>"));
    }

    private static String jsonType(RawHttp.Answer answer) throws IOException {
        JsonNode error = (answer.header("Content-Type").contains("cbor") ? new ObjectMapper(new CBORFactory()) : JSON)
                .readTree(answer.body());
        String type = error.path("__type").asText();
        return type.substring(type.indexOf('#') + 1);
    }

    /**
     * Access points through the gateway as SDKs address them: S3 Control on {@code <account>.localhost} (not a bucket),
     * then the access point's ARN host {@code <name>-<account>.s3-accesspoint.<region>.localhost} leading to its bucket.
     */
    @Test
    void accessPointsThroughTheGateway() throws Exception {
        Sandbox sandbox = SharedSandbox.get();
        int port = sandbox.gatewayPort();
        String bucket = "ap-edge-" + Long.toHexString(System.nanoTime());
        try (var s3 = Clients.s3(sandbox.endpoint())) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(p -> p.bucket(bucket).key("report.csv"), software.amazon.awssdk.core.sync.RequestBody.fromString("a,b"));
        }
        String name = "edge-" + Long.toHexString(System.nanoTime());
        byte[] body = ("<CreateAccessPointRequest xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><Bucket>"
                + bucket + "</Bucket></CreateAccessPointRequest>").getBytes(StandardCharsets.UTF_8);
        String head = signedHead("000000000000.localhost", port, "PUT", "/v20180820/accesspoint/" + name, "s3",
                Map.of("x-amz-account-id", "000000000000", "Content-Length", Integer.toString(body.length)), body);
        byte[] request = java.util.Arrays.copyOf(head.getBytes(StandardCharsets.ISO_8859_1), head.length() + body.length);
        System.arraycopy(body, 0, request, head.length(), body.length);
        RawHttp.Answer created = RawHttp.exchange(port, request, false, WAIT);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text()).contains("<AccessPointArn>arn:aws:s3:us-east-1:000000000000:accesspoint/" + name);

        RawHttp.Answer got = raw(port, signedHead(name + "-000000000000.s3-accesspoint.us-east-1.localhost", port, "GET",
                "/report.csv", "s3", Map.of(), new byte[0]));
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.text()).isEqualTo("a,b");
    }

    @Test
    void requestsTomcatRefusesAreAnsweredAsS3ErrorsThroughTheGatewayAndDirectly() throws IOException {
        for (int port : new int[] {sandbox.gatewayPort(), sandbox.s3Port()}) {
            Map<String, String[]> cases = new LinkedHashMap<>();
            cases.put("GET /" + bucket + "/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n", new String[] {"400", "InvalidURI"});
            cases.put("GET / HTTP/1.1\r\n\r\n", new String[] {"400", "BadRequest"});
            cases.put("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", new String[] {"400", "BadRequest"});
            cases.put("TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n", new String[] {"405", "MethodNotAllowed"});
            cases.put("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost\r\n\r\n", new String[] {"405", "MethodNotAllowed"});
            cases.put("PUT /" + bucket + "/k HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n",
                    new String[] {"501", "NotImplemented"});
            cases.put("PUT /" + bucket + "/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n", new String[] {"400", "BadRequest"});
            cases.put("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n",
                    new String[] {"400", "RequestHeaderSectionTooLarge"});
            cases.put("PUT /" + bucket + "/k HTTP/1.1\r\nHost: localhost\r\nExpect: something\r\nContent-Length: 1\r\n\r\nx",
                    new String[] {"501", "NotImplemented"});
            for (Map.Entry<String, String[]> c : cases.entrySet()) {
                RawHttp.Answer answer = raw(port, c.getKey());
                String what = c.getKey().substring(0, Math.min(60, c.getKey().length()));
                assertThat(answer.status()).as(what + " → " + answer).isEqualTo(Integer.parseInt(c.getValue()[0]));
                assertThat(s3Code(answer)).as(what).isEqualTo(c.getValue()[1]);
            }
        }
    }

    @Test
    void requestsTomcatRefusesAreDynamoDbJsonErrorsAtItsPort() throws IOException {
        int port = sandbox.dynamodbPort();
        RawHttp.Answer badUri = raw(port, "POST /%zz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        assertThat(badUri.status()).isEqualTo(400);
        assertThat(jsonType(badUri)).isEqualTo("MalformedHttpRequestException");
        RawHttp.Answer trace = raw(port, "TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(trace.status()).isEqualTo(400);
        assertThat(jsonType(trace)).isEqualTo("MalformedHttpRequestException");
        RawHttp.Answer big = raw(port, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        assertThat(big.status()).isEqualTo(413);
        assertThat(jsonType(big)).isEqualTo("RequestEntityTooLargeException");
    }

    @Test
    void keysWithDotSegmentsAreKeysThroughTheGatewayAndDirectly() {
        for (int port : new int[] {sandbox.gatewayPort(), sandbox.s3Port()}) {
            S3Client s3 = s3(port);
            for (String key : new String[] {"../../etc/passwd", "a/../../b", "./x/./y", "..", "..\\..\\z"}) {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("at " + key));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("at " + key);
            }
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("../")).contents())
                    .anySatisfy(o -> assertThat(o.key()).isEqualTo("../../etc/passwd"));
        }
    }

    @Test
    void aStalledBodyGetsRequestTimeoutAfterTheIdleTimeout() throws IOException {
        for (int port : new int[] {sandbox.gatewayPort(), sandbox.s3Port()}) {
            String head = signedHead(port, "PUT", "/" + bucket + "/stalled", "s3", Map.of("Content-Length", "10"),
                    "abcdefghij".getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Answer answer = raw(port, head + "abc");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(s3Code(answer)).isEqualTo("RequestTimeout");
            assertThat(answer.text()).contains("Your socket connection to the server was not read from or written to "
                    + "within the timeout period. Idle connections will be closed.");
        }
        // a client that asks for 100 Continue and then sends nothing
        String expecting = signedHead(sandbox.gatewayPort(), "PUT", "/" + bucket + "/expecting", "s3",
                Map.of("Content-Length", "10", "Expect", "100-continue"), "abcdefghij".getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Answer answer = raw(sandbox.gatewayPort(), expecting);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(s3Code(answer)).isEqualTo("RequestTimeout");
    }

    @Test
    void bodiesThatBreakTheirFramingAreClientErrors() throws IOException {
        int port = SharedSandbox.get().gatewayPort(); // SigV4 off: the body is read whoever sends it
        // signed (parsed, not verified): an unsigned request is the anonymous principal, refused before its body
        String auth = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host, Signature=0000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n";
        raw(port, "PUT /framing-bucket HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n" + auth + "\r\n");
        RawHttp.Answer cutShort = RawHttp.exchange(port, ("PUT /framing-bucket/short HTTP/1.1\r\nHost: localhost\r\n"
                + auth + "Content-Length: 10\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1), true, WAIT);
        assertThat(cutShort.status()).isEqualTo(400);
        assertThat(s3Code(cutShort)).isEqualTo("IncompleteBody");
        RawHttp.Answer badChunk = raw(port, "PUT /framing-bucket/chunk HTTP/1.1\r\nHost: localhost\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
        assertThat(badChunk.status()).isEqualTo(400);
        assertThat(s3Code(badChunk)).isEqualTo("BadRequest");
    }

    @Test
    void aPutWithNeitherLengthNorChunkingIsMissingContentLength() throws IOException {
        for (int port : new int[] {sandbox.gatewayPort(), sandbox.s3Port()}) {
            RawHttp.Answer answer = raw(port, signedHead(port, "PUT", "/" + bucket + "/nolength", "s3", Map.of()) + "abc");
            assertThat(answer.status()).isEqualTo(411);
            assertThat(s3Code(answer)).isEqualTo("MissingContentLength");
            assertThat(answer.text()).contains("You must provide the Content-Length HTTP header.");
        }
    }

    @Test
    void gzipAwsChunkedOnAPlainBodyStoresTheBytesAsSent() throws IOException {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
        int port = sandbox.gatewayPort();
        String head = signedHead(port, "PUT", "/" + bucket + "/gz", "s3",
                Map.of("Content-Length", Integer.toString(gzip.length), "Content-Encoding", "gzip, aws-chunked"), gzip);
        byte[] request = new byte[head.length() + gzip.length];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, request, 0, head.length());
        System.arraycopy(gzip, 0, request, head.length(), gzip.length);
        RawHttp.Answer answer = RawHttp.exchange(port, request, false, WAIT);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        var stored = s3(port).getObjectAsBytes(b -> b.bucket(bucket).key("gz"));
        assertThat(stored.asByteArray()).isEqualTo(gzip);
        GetObjectResponse response = stored.response();
        assertThat(response.contentEncoding()).isEqualTo("gzip");
    }

    /**
     * S3 answers 100 Continue only to a request it authenticated: one that fails SigV4 or carries none gets its 403
     * as the final answer, with a reason phrase in its status line, before the client sends a byte of the body.
     */
    @Test
    void continueIsSentOnlyToAnAuthenticatedRequest() throws Exception {
        int port = sandbox.s3Port();
        byte[] hello = "hello".getBytes(StandardCharsets.ISO_8859_1);
        String unsigned = "PUT /" + bucket + "/continued HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                + "Expect: 100-continue\r\n\r\n";
        RawHttp.Answer refused = RawHttp.expectContinue(port, unsigned.getBytes(StandardCharsets.ISO_8859_1), hello, WAIT);
        assertThat(refused.continued()).isFalse();
        assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(s3Code(refused)).isEqualTo("AccessDenied");

        String forged = signedHead(port, "PUT", "/" + bucket + "/continued", "s3",
                Map.of("Content-Length", "5", "Expect", "100-continue"), hello).replaceFirst("Signature=[0-9a-f]{8}", "Signature=00000000");
        RawHttp.Answer mismatched = RawHttp.expectContinue(port, forged.getBytes(StandardCharsets.ISO_8859_1), hello, WAIT);
        assertThat(mismatched.continued()).isFalse();
        assertThat(mismatched.status()).isEqualTo(403);
        assertThat(s3Code(mismatched)).isEqualTo("SignatureDoesNotMatch");

        String signed = signedHead(port, "PUT", "/" + bucket + "/continued", "s3",
                Map.of("Content-Length", "5", "Expect", "100-continue"), hello);
        RawHttp.Answer accepted = RawHttp.expectContinue(port, signed.getBytes(StandardCharsets.ISO_8859_1), hello, WAIT);
        assertThat(accepted.continued()).isTrue();
        assertThat(accepted.statusLine()).as(accepted.toString()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(s3(port).getObjectAsBytes(b -> b.bucket(bucket).key("continued")).asUtf8String()).isEqualTo("hello");

        // the SDK (which sends Expect: 100-continue with a PutObject body) gets S3's error, not a broken connection
        try (S3Client wrongSecret = Clients.s3("http://localhost:" + port, "AKIDEDGE", "not-the-secret")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrongSecret.putObject(b -> b.bucket(bucket).key("refused"),
                            RequestBody.fromBytes(new byte[256 * 1024])))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        // boto3 too: Expect on a file body (put_object, multipart upload_fileobj), refused and accepted
        Boto3Scenario.run(HttpEdgeCasesTest.class, "/expect-continue.py", URI.create("http://localhost:" + port));
    }

    @Test
    void servicesThisDeploymentDoesNotRunAnswerInTheirOwnProtocol() throws IOException {
        int port = sandbox.gatewayPort();
        RawHttp.Answer kms = raw(port, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(kms.status()).isEqualTo(501);
        assertThat(kms.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(jsonType(kms)).isEqualTo("NotImplemented");
        assertThat(JSON.readTree(kms.body()).path("message").asText())
                .contains("AWS KMS (kms) is not available in this deployment");

        RawHttp.Answer kmsCbor = raw(port, signedHead(port, "POST", "/", "kms",
                Map.of("X-Amz-Target", "TrentService.ListKeys", "Content-Type", "application/x-amz-cbor-1.1",
                        "Content-Length", "1"), new byte[] {(byte) 0xa0}) + "\u00a0");
        assertThat(kmsCbor.status()).isEqualTo(501);
        assertThat(jsonType(kmsCbor)).isEqualTo("NotImplemented");

        String form = "Action=CreateQueue&QueueName=q&Version=2012-11-05";
        RawHttp.Answer sqsQuery = raw(port, signedHead(port, "POST", "/", "sqs", Map.of("Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8", "Content-Length", Integer.toString(form.length())),
                form.getBytes(StandardCharsets.ISO_8859_1)) + form);
        assertThat(sqsQuery.status()).isEqualTo(501);
        assertThat(sqsQuery.header("Content-Type")).startsWith("text/xml");
        assertThat(sqsQuery.text()).contains("<ErrorResponse><Error><Type>Receiver</Type><Code>NotImplemented</Code>")
                .contains("Amazon SQS (sqs)");

        RawHttp.Answer sqsJson = raw(port, signedHead(port, "POST", "/", "sqs", Map.of("X-Amz-Target", "AmazonSQS.CreateQueue",
                "Content-Type", "application/x-amz-json-1.0", "Content-Length", "2"), "{}".getBytes(StandardCharsets.UTF_8)) + "{}");
        assertThat(sqsJson.status()).isEqualTo(501);
        assertThat(jsonType(sqsJson)).isEqualTo("NotImplemented");

        RawHttp.Answer lambda = raw(port, signedHead(port, "GET", "/2015-03-31/functions/", "lambda", Map.of()));
        assertThat(lambda.status()).isEqualTo(501);
        assertThat(lambda.header("x-amzn-ErrorType")).isEqualTo("NotImplemented");

        // MSK Connect is served now (by kafka-svc): signed for kafkaconnect, it reaches MSK Connect, not MSK
        RawHttp.Answer mskConnect = raw(port, signedHead(port, "GET", "/v1/connectors", "kafkaconnect", Map.of()));
        assertThat(mskConnect.status()).isEqualTo(200);
        assertThat(mskConnect.header("x-amzn-ErrorType")).isNull();

        RawHttp.Answer s3Control = raw(port, signedHead(port, "GET", "/v20180820/configuration/publicAccessBlock", "s3",
                Map.of("x-amz-account-id", "123456789012")));
        assertThat(s3Control.status()).isEqualTo(501);
        assertThat(s3Code(s3Control)).isEqualTo("NotImplemented");
        // S3 Control is S3's to serve (access points); what it does not serve yet answers in S3 Control's envelope
        assertThat(s3Control.text()).contains("<ErrorResponse>").contains("GetPublicAccessBlock is not implemented");
    }

    @Test
    void getRootSignedForDynamoDbIsDynamoDbsHealthCheck() throws IOException {
        RawHttp.Answer health = raw(sandbox.gatewayPort(), signedHead(sandbox.gatewayPort(), "GET", "/", "dynamodb", Map.of()));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("healthy: dynamodb.us-east-1.amazonaws.com");
    }

    private static String signedHead(int port, String method, String path, String service, Map<String, String> headers) {
        return signedHead(port, method, path, service, headers, new byte[0]);
    }

    /** A request head signed by the SDK's signer for {@code service} and {@code payload}, ending with the blank line. */
    private static String signedHead(int port, String method, String path, String service, Map<String, String> headers,
                                     byte[] payload) {
        return signedHead("localhost", port, method, path, service, headers, payload);
    }

    /** The same, for a request addressed to {@code host} (sent to localhost). */
    private static String signedHead(String host, int port, String method, String path, String service,
                                     Map<String, String> headers, byte[] payload) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + host + ":" + port + path));
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("AKIDEDGE", "edge-secret"))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        signed.request().headers().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        if (signed.request().firstMatchingHeader("Host").isEmpty()) {
            head.append("Host: localhost:").append(port).append("\r\n");
        }
        return head.append("\r\n").toString();
    }
}
