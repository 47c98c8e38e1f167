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
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
                .endpointOverride(URI.create(sandbox.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDALICE", "alice-secret")))
                .build()) {
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
}
