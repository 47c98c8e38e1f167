package dev.overcast.s3.policy;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;

/**
 * Unsigned requests are the anonymous principal, whatever the default account owns: they get only what a bucket policy
 * grants everyone or an ACL grants AllUsers, and PublicAccessBlock takes that away as S3 does.
 */
class AnonymousAccessTest {

    private static final S3Client OWNER = S3TestService.client();
    private static final S3Client ANONYMOUS = S3Client.builder().endpointOverride(S3TestService.endpoint())
            .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClient(UrlConnectionHttpClient.create()).build();

    private static String bucket(ObjectOwnership ownership) {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket).objectOwnership(ownership));
        OWNER.putObject(b -> b.bucket(bucket).key("docs/a.txt"), RequestBody.fromString("a"));
        return bucket;
    }

    private static String policy(String bucket, String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements.replace("BUCKET", bucket) + "]}";
    }

    @Test
    void anonymousRequestsGetNothingByDefault() throws Exception {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertFailure(failure(() -> ANONYMOUS.listBuckets()), 403, "AccessDenied", "Access Denied");
        assertFailure(failure(() -> ANONYMOUS.createBucket(b -> b.bucket(S3TestService.bucketName()))), 403,
                "AccessDenied", "Access Denied");
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403, "AccessDenied",
                "Access Denied");
        assertFailure(failure(() -> ANONYMOUS.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x"))),
                403, "AccessDenied", null);
        assertFailure(failure(() -> ANONYMOUS.deleteObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403,
                "AccessDenied", null);
        assertFailure(failure(() -> ANONYMOUS.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);
        HttpResponse<String> raw = RawS3.anonymous("GET", "/" + bucket + "/docs/a.txt", null);
        RawS3.assertError(raw, 403, "AccessDenied");
        assertThat(RawS3.element(raw.body(), "Message")).isEqualTo("Access Denied");
        // a bucket that does not exist is named so, to anyone
        RawS3.assertError(RawS3.anonymous("GET", "/" + S3TestService.bucketName() + "/k", null), 404, "NoSuchBucket");
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("docs/a.txt")).asUtf8String()).isEqualTo("a");
        assertFailure(failure(() -> OWNER.headObject(b -> b.bucket(bucket).key("x"))), 404, null, null); // nothing written
    }

    @Test
    void aRefusedAnonymousUploadGetsNo100Continue() throws Exception {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", S3TestService.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("PUT /" + bucket + "/up HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("100 Continue")
                    .contains("<Code>AccessDenied</Code>");
        }
        assertFailure(failure(() -> OWNER.headObject(b -> b.bucket(bucket).key("up"))), 404, null, null);
    }

    @Test
    void aPolicyGrantingEveryoneLetsAnonymousRequestsInUnlessRestrictPublicBuckets() {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        OWNER.putObject(b -> b.bucket(bucket).key("private/p"), RequestBody.fromString("p"));
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/docs/*"},
                {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::BUCKET"}""")));
        assertThat(ANONYMOUS.getObjectAsBytes(b -> b.bucket(bucket).key("docs/a.txt")).asUtf8String()).isEqualTo("a");
        assertThat(ANONYMOUS.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(2);
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("private/p"))), 403, "AccessDenied",
                null);
        assertFailure(failure(() -> ANONYMOUS.putObject(b -> b.bucket(bucket).key("docs/b"), RequestBody.fromString("b"))),
                403, "AccessDenied", null);
        assertFailure(failure(() -> ANONYMOUS.getBucketPolicy(b -> b.bucket(bucket))), 403, "AccessDenied", null);

        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.restrictPublicBuckets(true)));
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403, "AccessDenied",
                null);
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("docs/a.txt")).asUtf8String()).isEqualTo("a");
        OWNER.deletePublicAccessBlock(b -> b.bucket(bucket));
        assertThat(ANONYMOUS.getObjectAsBytes(b -> b.bucket(bucket).key("docs/a.txt")).asUtf8String()).isEqualTo("a");
    }

    @Test
    void aclsGrantingAllUsersLetAnonymousRequestsInUnlessIgnorePublicAcls() {
        String bucket = bucket(ObjectOwnership.OBJECT_WRITER);
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403, "AccessDenied",
                null);
        OWNER.putObjectAcl(b -> b.bucket(bucket).key("docs/a.txt").acl(ObjectCannedACL.PUBLIC_READ));
        assertThat(ANONYMOUS.getObjectAsBytes(b -> b.bucket(bucket).key("docs/a.txt")).asUtf8String()).isEqualTo("a");
        assertThat(ANONYMOUS.headObject(b -> b.bucket(bucket).key("docs/a.txt")).contentLength()).isEqualTo(1);
        assertFailure(failure(() -> ANONYMOUS.getObjectAcl(b -> b.bucket(bucket).key("docs/a.txt"))), 403,
                "AccessDenied", null); // READ is not READ_ACP
        assertFailure(failure(() -> ANONYMOUS.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);

        OWNER.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        assertThat(ANONYMOUS.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
        assertFailure(failure(() -> ANONYMOUS.putObject(b -> b.bucket(bucket).key("up"), RequestBody.fromString("u"))),
                403, "AccessDenied", null);
        OWNER.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        ANONYMOUS.putObject(b -> b.bucket(bucket).key("up"), RequestBody.fromString("u"));
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("up")).asUtf8String()).isEqualTo("u");

        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.ignorePublicAcls(true)));
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403, "AccessDenied",
                null);
        assertFailure(failure(() -> ANONYMOUS.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);
        OWNER.deletePublicAccessBlock(b -> b.bucket(bucket));

        // ACLs disabled again: the grants no longer count
        OWNER.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r -> r
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        assertFailure(failure(() -> ANONYMOUS.getObject(b -> b.bucket(bucket).key("docs/a.txt"))), 403, "AccessDenied",
                null);
    }

    @Test
    void aBucketCreatedWithAPublicCannedAclIsReadableByAnyone() {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket).objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .acl(BucketCannedACL.PUBLIC_READ));
        assertThat(OWNER.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(2);
        assertThat(ANONYMOUS.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
}
