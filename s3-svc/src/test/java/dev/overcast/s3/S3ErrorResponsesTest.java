package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets S3's error XML and status, never a 500, and changes nothing. Raw HTTP, signed. */
class S3ErrorResponsesTest {

    private static String bucket;

    @BeforeAll
    static void createBucket() throws Exception {
        bucket = "err-" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(send("PUT", "/" + bucket, null, new String[0]).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/" + bucket + "/small", "0123456789", new String[0]).statusCode()).isEqualTo(200);
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return RawS3.send(method, path, body, headers);
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("<Error>").contains("<Code>" + code + "</Code>").contains("<RequestId>");
        assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
    }

    @Test
    void invalidBucketName() throws Exception {
        assertError(send("PUT", "/Bad_Name", null), 400, "InvalidBucketName");
        assertError(send("PUT", "/ab", null), 400, "InvalidBucketName");
        assertError(send("PUT", "/192.168.1.1", null), 400, "InvalidBucketName");
        assertError(send("PUT", "/b.-c", null), 400, "InvalidBucketName"); // a dot next to a hyphen
        assertError(send("PUT", "/b-.c", null), 400, "InvalidBucketName");
    }

    @Test
    void writeHeadersWithValuesS3DoesNotKnowAreRefusedAndWriteNothing() throws Exception {
        String key = "/" + bucket + "/refused";
        HttpResponse<String> acl = send("PUT", key, "x", "x-amz-acl", "bogus");
        assertError(acl, 400, "InvalidArgument");
        assertThat(acl.body()).contains("<ArgumentName>x-amz-acl</ArgumentName>").contains("<ArgumentValue>bogus</ArgumentValue>");
        HttpResponse<String> storage = send("PUT", key, "x", "x-amz-storage-class", "BOGUS");
        assertError(storage, 400, "InvalidStorageClass");
        assertThat(storage.body()).contains("<Message>The storage class you specified is not valid</Message>")
                .contains("<StorageClassRequested>BOGUS</StorageClassRequested>");
        HttpResponse<String> redirect = send("PUT", key, "x", "x-amz-website-redirect-location", "javascript:alert(1)");
        assertError(redirect, 400, "InvalidRedirectLocation");
        assertThat(redirect.body().replace("&apos;", "'")).contains("<Message>The website redirect location must have a prefix of 'http://' "
                + "or 'https://' or '/'.</Message>");
        HttpResponse<String> lock = send("PUT", key, "x", "x-amz-object-lock-mode", "BOGUS",
                "x-amz-object-lock-retain-until-date", "2030-01-01T00:00:00Z");
        assertError(lock, 400, "InvalidArgument");
        assertThat(lock.body()).contains("<Message>Unknown wormMode directive.</Message>");
        assertThat(send("HEAD", key, null).statusCode()).isEqualTo(404);
        // the same headers on a copy and on a multipart upload
        assertError(send("PUT", key, null, "x-amz-copy-source", bucket + "/small", "x-amz-acl", "bogus"), 400,
                "InvalidArgument");
        assertError(send("PUT", key, null, "x-amz-copy-source", bucket + "/small", "x-amz-storage-class", "BOGUS"), 400,
                "InvalidStorageClass");
        assertError(send("POST", key + "?uploads", null, "x-amz-website-redirect-location", "ftp://x"), 400,
                "InvalidRedirectLocation");
        assertThat(send("HEAD", key, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", key, "x", "x-amz-acl", "bucket-owner-full-control", "x-amz-storage-class", "STANDARD",
                "x-amz-website-redirect-location", "/elsewhere").statusCode()).isEqualTo(200);
        String other = "err-" + UUID.randomUUID().toString().substring(0, 12);
        assertError(send("PUT", "/" + other, null, "x-amz-acl", "bogus"), 400, "InvalidArgument");
        assertThat(send("HEAD", "/" + other, null).statusCode()).isEqualTo(404);
    }

    @Test
    void missingBucketAndKey() throws Exception {
        assertError(send("GET", "/no-such-bucket-" + UUID.randomUUID() + "/k", null), 404, "NoSuchBucket");
        HttpResponse<String> missing = send("GET", "/" + bucket + "/nope", null);
        assertError(missing, 404, "NoSuchKey");
        assertThat(missing.body()).contains("<Key>nope</Key>");
        HttpResponse<String> head = send("HEAD", "/" + bucket + "/nope", null);
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void keyTooLongAndMetadataTooLargeWriteNothing() throws Exception {
        String longKey = "k".repeat(1025);
        assertError(send("PUT", "/" + bucket + "/" + longKey, "x"), 400, "KeyTooLongError");
        assertError(send("PUT", "/" + bucket + "/meta", "x", "x-amz-meta-big", "v".repeat(2100)), 400, "MetadataTooLarge");
        assertThat(send("HEAD", "/" + bucket + "/meta", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badDigestLeavesThePreviousObject() throws Exception {
        assertError(send("PUT", "/" + bucket + "/small", "changed!", "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), 400, "BadDigest");
        assertError(send("PUT", "/" + bucket + "/small", "changed!", "Content-MD5", "not-base64"), 400, "InvalidDigest");
        assertThat(send("GET", "/" + bucket + "/small", null).body()).isEqualTo("0123456789");
    }

    @Test
    void locationConstraintMustMatchTheEndpointRegion() throws Exception {
        String euScope = "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00";
        String name = "loc-" + UUID.randomUUID().toString().substring(0, 12);
        assertError(send("PUT", "/" + name, null, "Authorization", euScope), 400, "IllegalLocationConstraintException");
        assertError(send("PUT", "/" + name, "<CreateBucketConfiguration><LocationConstraint>eu-central-1</LocationConstraint>"
                + "</CreateBucketConfiguration>", "Authorization", euScope), 400, "IllegalLocationConstraintException");
        assertError(send("PUT", "/" + name, "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint>"
                + "</CreateBucketConfiguration>", "Authorization", euScope), 400, "InvalidLocationConstraint");
        assertThat(send("HEAD", "/" + name, null).statusCode()).isEqualTo(404);
    }

    @Test
    void unsatisfiableRange() throws Exception {
        HttpResponse<String> response = send("GET", "/" + bucket + "/small", null, "Range", "bytes=100-200");
        assertError(response, 416, "InvalidRange");
    }

    @Test
    void malformedXmlBody() throws Exception {
        String name = "xml-" + UUID.randomUUID().toString().substring(0, 12);
        assertError(send("PUT", "/" + name, "<CreateBucketConfiguration><Loc"), 400, "MalformedXML");
        assertThat(send("HEAD", "/" + name, null).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownMethodIsRefusedWith4xx() throws Exception {
        HttpResponse<String> response = send("PATCH", "/" + bucket + "/small", "x");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).contains("<Code>MethodNotAllowed</Code>");
    }

    @Test
    void actionNotImplementedYetSaysSoByName() throws Exception {
        HttpResponse<String> response = send("GET", "/" + bucket + "?metadataTable", null);
        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.body()).contains("<Code>NotImplemented</Code>").contains("GetBucketMetadataTableConfiguration");
    }

    @Test
    void nonEmptyBucketDeleteRefused() throws Exception {
        assertError(send("DELETE", "/" + bucket, null), 409, "BucketNotEmpty");
    }
}
