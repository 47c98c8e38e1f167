package dev.overcast.s3.accesspoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.GetAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.NetworkOrigin;

/**
 * Access points through the S3 Control API with the SDK's own S3ControlClient (which puts the account id in the host,
 * {@code <account>.localhost}: resolved to this machine here, as systemd-resolved and browsers resolve
 * {@code *.localhost}), and their effect on the data plane against the S3 port: the alias as a bucket name, the ARN
 * (sent as the gateway hands it on), and the access point policy evaluated with the bucket's.
 */
class AccessPointTest {

    private static final String ACCOUNT = "000000000000";
    private static final String OTHER = "111122223333";
    private static S3ControlClient control;
    private static S3ControlClient otherControl;
    private static S3Client s3;
    private static S3Client otherS3;

    @BeforeAll
    static void clients() {
        control = control(ACCOUNT);
        otherControl = control(OTHER);
        s3 = S3TestService.client();
        otherS3 = S3TestService.client(OTHER, "us-east-1");
    }

    @AfterAll
    static void close() {
        control.close();
        otherControl.close();
    }

    static S3ControlClient control(String account) {
        return S3ControlClient.builder().endpointOverride(S3TestService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "secret")))
                .httpClient(ApacheHttpClient.builder()
                        .dnsResolver(host -> new InetAddress[]{InetAddress.getLoopbackAddress()}).build())
                .build();
    }

    private static String bucketWith(String key, String body) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(body));
        return bucket;
    }

    private static String apName() {
        return "ap-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createGetListDelete() {
        String bucket = bucketWith("k", "v");
        String name = apName();
        CreateAccessPointResponse created = control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket));
        assertThat(created.accessPointArn()).isEqualTo("arn:aws:s3:us-east-1:" + ACCOUNT + ":accesspoint/" + name);
        assertThat(created.alias()).startsWith(name + "-").endsWith("-s3alias").hasSizeLessThanOrEqualTo(63);

        GetAccessPointResponse got = control.getAccessPoint(g -> g.accountId(ACCOUNT).name(name));
        assertThat(got.bucket()).isEqualTo(bucket);
        assertThat(got.alias()).isEqualTo(created.alias());
        assertThat(got.networkOrigin()).isEqualTo(NetworkOrigin.INTERNET);
        assertThat(got.publicAccessBlockConfiguration().blockPublicPolicy()).isTrue();
        assertThat(got.bucketAccountId()).isEqualTo(ACCOUNT);
        assertThat(got.creationDate()).isNotNull();

        assertThat(control.listAccessPoints(l -> l.accountId(ACCOUNT).bucket(bucket)).accessPointList())
                .extracting(a -> a.name()).containsExactly(name);
        assertThat(otherControl.listAccessPoints(l -> l.accountId(OTHER).bucket(bucket)).accessPointList()).isEmpty();

        assertError(() -> control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket)),
                409, "AccessPointAlreadyOwnedByYou");
        assertError(() -> control.createAccessPoint(c -> c.accountId(ACCOUNT).name("Bad_Name").bucket(bucket)),
                400, "InvalidURI");
        assertError(() -> control.createAccessPoint(c -> c.accountId(ACCOUNT).name(apName()).bucket("no-such-" + name)),
                404, "NoSuchBucket");
        // another account's bucket, or another account's id in x-amz-account-id
        assertError(() -> otherControl.createAccessPoint(c -> c.accountId(OTHER).name(apName()).bucket(bucket)),
                403, "AccessDenied");
        assertError(() -> otherControl.getAccessPoint(g -> g.accountId(ACCOUNT).name(name)), 403, "AccessDenied");

        control.deleteAccessPoint(d -> d.accountId(ACCOUNT).name(name));
        assertError(() -> control.getAccessPoint(g -> g.accountId(ACCOUNT).name(name)), 404, "NoSuchAccessPoint");
        assertError(() -> control.deleteAccessPoint(d -> d.accountId(ACCOUNT).name(name)), 404, "NoSuchAccessPoint");
    }

    @Test
    void listPagesByName() {
        String bucket = bucketWith("k", "v");
        for (String n : new String[]{"pa-1", "pa-2", "pa-3"}) {
            String name = n + "-" + bucket.substring(2, 10);
            control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket));
        }
        var first = control.listAccessPoints(l -> l.accountId(ACCOUNT).bucket(bucket).maxResults(2));
        assertThat(first.accessPointList()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        var second = control.listAccessPoints(l -> l.accountId(ACCOUNT).bucket(bucket).nextToken(first.nextToken()));
        assertThat(second.accessPointList()).hasSize(1);
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void policyCallsAndStatus() {
        String bucket = bucketWith("k", "v");
        String name = apName();
        String arn = control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket)).accessPointArn();
        assertError(() -> control.getAccessPointPolicy(g -> g.accountId(ACCOUNT).name(name)), 404, "NoSuchAccessPointPolicy");
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"%s"},
                 "Action":"s3:GetObject","Resource":"%s/object/*"}]}""".formatted(OTHER, arn);
        control.putAccessPointPolicy(p -> p.accountId(ACCOUNT).name(name).policy(policy));
        assertThat(control.getAccessPointPolicy(g -> g.accountId(ACCOUNT).name(name)).policy()).isEqualTo(policy);
        assertThat(control.getAccessPointPolicyStatus(g -> g.accountId(ACCOUNT).name(name)).policyStatus().isPublic())
                .isFalse();
        // a resource outside the access point; a public policy while BlockPublicPolicy is on (the default)
        assertError(() -> control.putAccessPointPolicy(p -> p.accountId(ACCOUNT).name(name).policy(
                policy.replace(arn + "/object/*", "arn:aws:s3:::" + bucket + "/*"))), 400, "MalformedPolicy");
        assertError(() -> control.putAccessPointPolicy(p -> p.accountId(ACCOUNT).name(name).policy(
                policy.replace("{\"AWS\":\"" + OTHER + "\"}", "\"*\""))), 403, "AccessDenied");
        control.deleteAccessPointPolicy(d -> d.accountId(ACCOUNT).name(name));
        assertError(() -> control.getAccessPointPolicy(g -> g.accountId(ACCOUNT).name(name)), 404, "NoSuchAccessPointPolicy");
    }

    @Test
    void aliasIsABucketName() {
        String bucket = bucketWith("docs/a.txt", "through the alias");
        String alias = control.createAccessPoint(c -> c.accountId(ACCOUNT).name(apName()).bucket(bucket)).alias();
        assertThat(s3.getObjectAsBytes(g -> g.bucket(alias).key("docs/a.txt")).asUtf8String()).isEqualTo("through the alias");
        s3.putObject(p -> p.bucket(alias).key("docs/b.txt"), RequestBody.fromString("written through it"));
        assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("docs/b.txt")).asUtf8String()).isEqualTo("written through it");
        assertThat(s3.listObjectsV2(l -> l.bucket(alias).prefix("docs/")).contents()).extracting(o -> o.key())
                .containsExactly("docs/a.txt", "docs/b.txt");
        // bucket-level actions other than listing are not served through an access point
        assertError(() -> s3.deleteBucket(d -> d.bucket(alias)), 405, "MethodNotAllowed");
        assertError(() -> s3.getObject(g -> g.bucket("nothing-" + "x".repeat(34) + "-s3alias").key("k")), 404, "NoSuchBucket");
    }

    @Test
    void arnAsBucket() {
        String bucket = bucketWith("report.csv", "a,b");
        String name = apName();
        String arn = control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket)).accessPointArn();
        try (S3Client arnClient = S3Client.builder().endpointOverride(S3TestService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCOUNT, "secret")))
                .httpClient(new AsTheGatewayForwards()).build()) {
            assertThat(arnClient.getObjectAsBytes(g -> g.bucket(arn).key("report.csv")).asUtf8String()).isEqualTo("a,b");
        }
    }

    @Test
    void accessPointPolicyGrantsAndDeniesWithTheBucketPolicy() {
        String bucket = bucketWith("shared/a.txt", "shared");
        s3.putObject(p -> p.bucket(bucket).key("secret/b.txt"), RequestBody.fromString("secret"));
        String name = apName();
        CreateAccessPointResponse ap = control.createAccessPoint(c -> c.accountId(ACCOUNT).name(name).bucket(bucket));
        // the bucket delegates to its owner's access points, as AWS recommends
        s3.putBucketPolicy(p -> p.bucket(bucket).policy("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],
                 "Condition":{"StringEquals":{"s3:DataAccessPointAccount":"%s"}}}]}""".formatted(bucket, bucket, ACCOUNT)));
        // the other account: nothing without an access point policy
        assertError(() -> otherS3.getObject(g -> g.bucket(ap.alias()).key("shared/a.txt")), 403, "AccessDenied");
        control.putAccessPointPolicy(p -> p.accountId(ACCOUNT).name(name).policy("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"s3:GetObject","Resource":"%s/object/*"},
                 {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"%s/object/secret/*"}]}"""
                .formatted(OTHER, ap.accessPointArn(), ap.accessPointArn())));
        assertThat(otherS3.getObjectAsBytes(g -> g.bucket(ap.alias()).key("shared/a.txt")).asUtf8String()).isEqualTo("shared");
        // the access point's Deny holds for everyone, the owner included; the bucket itself is not opened by it
        assertError(() -> otherS3.getObject(g -> g.bucket(ap.alias()).key("secret/b.txt")), 403, "AccessDenied");
        assertError(() -> s3.getObject(g -> g.bucket(ap.alias()).key("secret/b.txt")), 403, "AccessDenied");
        assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("secret/b.txt")).asUtf8String()).isEqualTo("secret");
        assertError(() -> otherS3.getObject(g -> g.bucket(bucket).key("shared/a.txt")), 403, "AccessDenied");
        // only what the access point policy allows
        assertError(() -> otherS3.putObject(p -> p.bucket(ap.alias()).key("shared/c.txt"), RequestBody.fromString("x")),
                403, "AccessDenied");
    }

    @Test
    void multiRegionAccessPointsAreNotImplemented() {
        assertError(() -> control.listMultiRegionAccessPoints(l -> l.accountId(ACCOUNT)), 501, "NotImplemented");
    }

    static void assertError(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.toString()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).as(e.toString()).isEqualTo(code);
        });
    }

    /**
     * The gateway's part for a virtual-host-style request: {@code <name>-<account>.localhost/key} on to the S3 port as
     * {@code /<name>-<account>/key} (the tests start no gateway).
     */
    private static final class AsTheGatewayForwards implements SdkHttpClient {
        private final SdkHttpClient delegate = ApacheHttpClient.create();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            SdkHttpRequest r = request.httpRequest();
            URI endpoint = S3TestService.endpoint();
            String host = r.host();
            SdkHttpRequest forwarded = r.toBuilder().host(endpoint.getHost()).port(endpoint.getPort())
                    .encodedPath("/" + host.substring(0, host.indexOf('.')) + r.encodedPath()).build();
            return delegate.prepareRequest(HttpExecuteRequest.builder().request(forwarded)
                    .contentStreamProvider(request.contentStreamProvider().orElse(null)).build());
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
