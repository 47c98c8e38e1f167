package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** OVERCAST_SIGV4=verify through the gateway: signatures, clocks and accounts as AWS checks them. */
class SigV4VerifyModeTest {

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = SharedSandbox.start(Map.of(
                "OVERCAST_SIGV4", "verify",
                "OVERCAST_SIGV4_KEYS", "AKIDALICE:alice-secret,AKIDBOB:bob-secret",
                "OVERCAST_ACCOUNTS", "AKIDALICE=111111111111,AKIDBOB=222222222222"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aCorrectSignaturePassesIncludingStreamingUploads() {
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        String bucket = "sig-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createBucket(b -> b.bucket(bucket));
        byte[] data = S3EndToEndTest.randomBytes(1024 * 1024 + 3, 5);
        alice.putObject(b -> b.bucket(bucket).key("signed"), RequestBody.fromBytes(data));
        alice.putObject(b -> b.bucket(bucket).key("streamed"),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), data.length, "application/octet-stream"));
        assertThat(alice.getObjectAsBytes(b -> b.bucket(bucket).key("streamed")).asByteArray()).isEqualTo(data);
    }

    @Test
    void presignedUrlsWorkUntilTheyExpire() throws Exception {
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        String bucket = "pre-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createBucket(b -> b.bucket(bucket));
        alice.putObject(b -> b.bucket(bucket).key("shared.txt"), RequestBody.fromString("presigned hello"));
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = alicePresigner(sandbox.endpoint(), true)) {
            URI valid = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("shared.txt"))).url().toURI();
            HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(valid).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("presigned hello");

            URI shortLived = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(1))
                    .getObjectRequest(g -> g.bucket(bucket).key("shared.txt"))).url().toURI();
            Thread.sleep(2500);
            HttpResponse<String> expired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(shortLived).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(expired.statusCode()).isEqualTo(403);
            assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        }
    }

    @Test
    void aSignatureIsCheckedAgainstTheRequestMadeNotAUriTheClientNames() throws Exception {
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        String bucket = "uri-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createBucket(b -> b.bucket(bucket));
        alice.putObject(b -> b.bucket(bucket).key("public.txt"), RequestBody.fromString("shared on purpose"));
        alice.putObject(b -> b.bucket(bucket).key("secret.txt"), RequestBody.fromString("never shared"));
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = alicePresigner(sandbox.endpoint(), true)) {
            URI shared = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("public.txt"))).url().toURI();
            // the same signature on another key, claiming through the gateway's own header that the client signed
            // the shared one: at the gateway and at the service's own port alike, the signature does not match
            String query = shared.getRawQuery();
            String signedUri = "/" + bucket + "/public.txt?" + query;
            for (int port : new int[] {sandbox.gatewayPort(), sandbox.s3Port()}) {
                HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/" + bucket + "/secret.txt?" + query))
                        .header("x-overcast-original-uri", signedUri).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(replayed.statusCode()).as("port %d", port).isEqualTo(403);
                assertThat(replayed.body()).doesNotContain("never shared").contains("<Code>SignatureDoesNotMatch</Code>");
            }
        }
        // a virtual-host-style URL, which the gateway rewrites to path style, still verifies: signed for the
        // bucket's host name, sent to the gateway with that Host
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = alicePresigner("http://s3.localhost:" + sandbox.gatewayPort(), false)) {
            URI virtualHost = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("public.txt"))).url().toURI();
            assertThat(virtualHost.getHost()).isEqualTo(bucket + ".s3.localhost");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sandbox.gatewayPort())) {
                socket.getOutputStream().write(("GET " + virtualHost.getRawPath() + "?" + virtualHost.getRawQuery()
                        + " HTTP/1.1\r\nHost: " + virtualHost.getHost() + ":" + sandbox.gatewayPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200").endsWith("shared on purpose");
            }
        }
    }

    /** Alice's presigner for the endpoint, path-style or virtual-host-style. */
    private static software.amazon.awssdk.services.s3.presigner.S3Presigner alicePresigner(String endpoint, boolean pathStyle) {
        return software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
                .endpointOverride(URI.create(endpoint))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDALICE", "alice-secret")))
                .build();
    }

    @Test
    void aWrongSecretIsRefused() {
        S3Client forger = Clients.s3(sandbox.endpoint(), "AKIDALICE", "not-the-secret");
        assertThatThrownBy(forger::listBuckets)
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> {
                    S3Exception s3e = (S3Exception) e;
                    assertThat(s3e.statusCode()).isEqualTo(403);
                    assertThat(s3e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                });
    }

    @Test
    void anUnknownKeyIsRefused() {
        S3Client stranger = Clients.s3(sandbox.endpoint(), "AKIDNOBODY", "whatever");
        assertThatThrownBy(stranger::listBuckets)
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }

    /** Before, an x-amz-copy-source added after signing turned this empty PUT into a copy of another object. */
    @Test
    void anUnsignedCopySourceIsRefusedAndCopiesNothing() throws Exception {
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        String bucket = "uns-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createBucket(b -> b.bucket(bucket));
        alice.putObject(b -> b.bucket(bucket).key("secret"), RequestBody.fromString("not for copying"));
        HttpResponse<String> response = send(signed("PUT", "/" + bucket + "/target", Map.of(), "", "s3"),
                Map.of("x-amz-copy-source", "/" + bucket + "/secret"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>")
                .contains("There were headers present in the request which were not signed")
                .contains("<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>");
        assertThatThrownBy(() -> alice.headObject(b -> b.bucket(bucket).key("target")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }

    /** Before, an X-Amz-Target added after signing chose the operation: here DeleteTable instead of DescribeTable. */
    @Test
    void anUnsignedTargetCannotSwapTheOperation() throws Exception {
        DynamoDbClient alice = dynamoDb("AKIDALICE", "alice-secret");
        String table = "uns-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        String body = "{\"TableName\":\"" + table + "\"}";
        HttpResponse<String> response = send(signed("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0"),
                body, "dynamodb"), Map.of("X-Amz-Target", "DynamoDB_20120810.DeleteTable"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("InvalidSignatureException")
                .contains("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        assertThat(alice.describeTable(b -> b.tableName(table)).table().tableStatus())
                .isIn(TableStatus.CREATING, TableStatus.ACTIVE); // not deleted, nor being deleted
    }

    @Test
    void aDynamoDbCallSignedForS3IsRefused() throws Exception {
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "DynamoDB_20120810.ListTables");
        HttpResponse<String> response = send(signed("POST", "/", headers, "{}", "s3"), Map.of());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("InvalidSignatureException")
                .contains("Credential should be scoped to correct service: 'dynamodb'. ");
        assertThat(send(signed("POST", "/", headers, "{}", "dynamodb"), Map.of()).statusCode()).isEqualTo(200);
    }

    /** boto3's SigV2: its default presigned URL and the {@code Authorization: AWS key:signature} header. */
    @Test
    void boto3SignatureVersion2IsVerified() throws Exception {
        assumeThat(S3EndToEndTest.onPath("python3")).as("python3 is not installed on this machine").isTrue();
        assumeThat(S3EndToEndTest.run(List.of("python3", "-c", "import boto3"), Map.of()).exit())
                .as("boto3 is not installed").isZero();
        S3EndToEndTest.Result result = S3EndToEndTest.run(List.of("python3", "-c", SIGV2_SCRIPT, sandbox.endpoint(),
                "v2-" + UUID.randomUUID().toString().substring(0, 12)), Map.of());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("sigv2 ok");
    }

    private static final String SIGV2_SCRIPT = """
            import sys, time, urllib.request, urllib.error
            import boto3
            from botocore.config import Config
            endpoint, bucket = sys.argv[1:3]
            def client(secret, version):
                return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDALICE",
                                    aws_secret_access_key=secret, config=Config(signature_version=version))
            v2 = client("alice-secret", "s3")
            v2.create_bucket(Bucket=bucket)
            v2.put_object(Bucket=bucket, Key="dir/a b+c.txt", Body=b"signed the old way", ContentType="text/plain",
                          Metadata={"color": "blue"})
            got = v2.get_object(Bucket=bucket, Key="dir/a b+c.txt", ResponseContentType="text/x-old")
            assert got["Body"].read() == b"signed the old way"
            assert got["ContentType"] == "text/x-old", got["ContentType"]
            assert bucket in [b["Name"] for b in v2.list_buckets()["Buckets"]]
            assert [o["Key"] for o in v2.list_objects(Bucket=bucket, Prefix="dir/")["Contents"]] == ["dir/a b+c.txt"]
            try:
                client("wrong", "s3").get_object(Bucket=bucket, Key="dir/a b+c.txt")
                raise SystemExit("a wrong secret passed")
            except v2.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "SignatureDoesNotMatch", e.response
            # generate_presigned_url's default at this endpoint: AWSAccessKeyId, Signature, Expires
            default = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                                   aws_access_key_id="AKIDALICE", aws_secret_access_key="alice-secret")
            url = default.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/a b+c.txt"},
                                                 ExpiresIn=300)
            assert "AWSAccessKeyId=AKIDALICE" in url and "Expires=" in url, url
            assert urllib.request.urlopen(url).read() == b"signed the old way"
            try:
                urllib.request.urlopen(url.replace("Expires=", "Expires=1"))
                raise SystemExit("a changed expiry passed")
            except urllib.error.HTTPError as e:
                assert e.code == 403 and b"<Code>SignatureDoesNotMatch</Code>" in e.read()
            short = default.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/a b+c.txt"},
                                                   ExpiresIn=1)
            time.sleep(2.5)
            try:
                urllib.request.urlopen(short)
                raise SystemExit("an expired URL passed")
            except urllib.error.HTTPError as e:
                body = e.read()
                assert e.code == 403 and b"<Code>AccessDenied</Code>" in body and b"Request has expired" in body, body
            print("sigv2 ok")
            """;

    /** A request signed with SigV4 for {@code service} by the SDK's signer, its headers as sent (Host left out). */
    private static HttpRequest.Builder signed(String method, String path, Map<String, String> headers, String body,
                                              String service) {
        URI uri = URI.create(sandbox.endpoint() + path);
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(uri);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("AKIDALICE", "alice-secret"))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request;
    }

    /** Sends a signed request with headers added after signing. */
    private static HttpResponse<String> send(HttpRequest.Builder signed, Map<String, String> added) throws Exception {
        added.forEach(signed::header);
        return HttpClient.newHttpClient().send(signed.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DynamoDbClient dynamoDb(String accessKey, String secret) {
        return DynamoDbClient.builder().endpointOverride(URI.create(sandbox.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void aSkewedClockIsRefused() throws Exception {
        Instant twentyMinutesAgo = Instant.now().minus(Duration.ofMinutes(20));
        URI uri = URI.create(sandbox.endpoint() + "/");
        SdkHttpRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("AKIDALICE", "alice-secret"))
                .request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(""))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(twentyMinutesAgo, ZoneOffset.UTC)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    @Test
    void twoAccountsDoNotSeeEachOthersBuckets() {
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        S3Client bob = Clients.s3(sandbox.endpoint(), "AKIDBOB", "bob-secret");
        String aliceBucket = "alice-" + UUID.randomUUID().toString().substring(0, 12);
        String bobBucket = "bob-" + UUID.randomUUID().toString().substring(0, 12);
        alice.createBucket(b -> b.bucket(aliceBucket));
        bob.createBucket(b -> b.bucket(bobBucket));
        assertThat(alice.listBuckets().buckets()).extracting(Bucket::name).contains(aliceBucket).doesNotContain(bobBucket);
        assertThat(bob.listBuckets().buckets()).extracting(Bucket::name).contains(bobBucket).doesNotContain(aliceBucket);
        assertThatThrownBy(() -> bob.listObjectsV2(b -> b.bucket(aliceBucket)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }

    @Test
    void boto3PresignedPostIsVerified() throws Exception {
        assumeThat(S3EndToEndTest.onPath("python3")).as("python3 is not installed on this machine").isTrue();
        assumeThat(S3EndToEndTest.run(List.of("python3", "-c", "import boto3"), Map.of()).exit())
                .as("boto3 is not installed").isZero();
        S3EndToEndTest.Result result = S3EndToEndTest.run(List.of("python3", "-c", PresignedPost.SCRIPT,
                sandbox.endpoint(), "vpost-" + UUID.randomUUID().toString().substring(0, 12), "AKIDALICE", "alice-secret",
                "verify"), Map.of());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("presigned post ok");
    }

    @Test
    void theSuitesOwnCallsPassVerifyModeAndAClientCannotPassAsThem() throws Exception {
        // S3 replication writes the copy through the S3 API signed with the suite's key for the owner's account
        S3Client alice = Clients.s3(sandbox.endpoint(), "AKIDALICE", "alice-secret");
        String source = "rsrc-" + UUID.randomUUID().toString().substring(0, 12);
        String target = "rdst-" + UUID.randomUUID().toString().substring(0, 12);
        for (String bucket : List.of(source, target)) {
            alice.createBucket(b -> b.bucket(bucket));
            alice.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        alice.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::111111111111:role/replication")
                .rules(r -> r.id("all").priority(1).status("Enabled").filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws:s3:::" + target)))));
        alice.putObject(b -> b.bucket(source).key("copied.txt"), RequestBody.fromString("replicated under verify"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = null;
        while (System.nanoTime() < deadline && !"COMPLETED".equals(status) && !"FAILED".equals(status)) {
            status = alice.headObject(b -> b.bucket(source).key("copied.txt")).replicationStatusAsString();
            Thread.sleep(200);
        }
        assertThat(status).isEqualTo("COMPLETED");
        var copy = alice.getObjectAsBytes(b -> b.bucket(target).key("copied.txt"));
        assertThat(copy.asUtf8String()).isEqualTo("replicated under verify");
        assertThat(copy.response().replicationStatusAsString()).isEqualTo("REPLICA");

        // a client's own replica header is ignored: its object is no replica
        alice.putObject(b -> b.bucket(target).key("claimed.txt")
                .overrideConfiguration(o -> o.putHeader("x-overcast-replica", "true")), RequestBody.fromString("mine"));
        assertThat(alice.headObject(b -> b.bucket(target).key("claimed.txt")).replicationStatus()).isNull();
        // and a suite key signed with a secret the client guesses is refused
        S3Client forger = Clients.s3(sandbox.endpoint(), "OVERCAST111111111111", "overcast");
        assertThatThrownBy(() -> forger.listObjectsV2(b -> b.bucket(target)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
}
