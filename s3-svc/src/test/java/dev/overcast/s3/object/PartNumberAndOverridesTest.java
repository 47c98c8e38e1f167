package dev.overcast.s3.object;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class PartNumberAndOverridesTest {

    private final S3Client s3 = S3TestService.client();

    @Test
    void getAndHeadByPartNumber() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] p1 = new byte[5 * 1024 * 1024];
        byte[] p2 = new byte[777];
        new Random(1).nextBytes(p1);
        new Random(2).nextBytes(p2);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));

        ResponseBytes<GetObjectResponse> second = s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp").partNumber(2));
        assertThat(second.asByteArray()).isEqualTo(p2);
        assertThat(second.response().partsCount()).isEqualTo(2);
        assertThat(second.response().contentRange()).isEqualTo("bytes " + p1.length + "-" + (p1.length + p2.length - 1)
                + "/" + (p1.length + p2.length));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("mp").partNumber(1));
        assertThat(head.contentLength()).isEqualTo(p1.length);
        assertThat(head.partsCount()).isEqualTo(2);
        assertThat(Arrays.equals(s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp").partNumber(1)).asByteArray(), p1)).isTrue();

        HttpResponse<String> beyond = send("GET", "/" + bucket + "/mp?partNumber=3", (String) null);
        assertError(beyond, 416, "InvalidPartNumber");
        assertThat(beyond.body()).contains("<Message>The requested partnumber is not satisfiable</Message>");
        assertError(send("GET", "/" + bucket + "/mp?partNumber=1", (String) null, "Range", "bytes=0-1"), 400, "InvalidRequest");

        // a single-part object is its own part 1
        s3.putObject(b -> b.bucket(bucket).key("single"), RequestBody.fromString("one"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("single").partNumber(1)).asUtf8String()).isEqualTo("one");
        assertError(send("GET", "/" + bucket + "/single?partNumber=2", (String) null), 416, "InvalidPartNumber");
    }

    @Test
    void responseHeaderOverrides() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("doc").contentType("text/plain").cacheControl("max-age=1"),
                RequestBody.fromString("body"));
        Instant expires = Instant.parse("2030-01-02T03:04:05Z");
        GetObjectResponse r = s3.getObject(b -> b.bucket(bucket).key("doc").responseContentType("application/x-over")
                .responseContentDisposition("attachment; filename=\"x.txt\"").responseCacheControl("no-store")
                .responseContentLanguage("fr").responseContentEncoding("identity").responseExpires(expires),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response();
        assertThat(r.contentType()).isEqualTo("application/x-over");
        assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"x.txt\"");
        assertThat(r.cacheControl()).isEqualTo("no-store");
        assertThat(r.contentLanguage()).isEqualTo("fr");
        assertThat(r.contentEncoding()).isEqualTo("identity");
        assertThat(r.expires()).isEqualTo(expires);
        // the object itself is unchanged
        assertThat(s3.headObject(b -> b.bucket(bucket).key("doc")).contentType()).isEqualTo("text/plain");
    }

    /** S3 answers an object's Content-Type byte for byte as it was stored, parameters and case included. */
    @Test
    void contentTypeComesBackAsStored() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        for (String type : java.util.List.of("text/plain; charset=UTF-8", "Text/HTML; Charset=ISO-8859-1", "application/json;charset=utf-8",
                "multipart/mixed; boundary=\"a b\"", "not a media type")) {
            s3.putObject(b -> b.bucket(bucket).key("typed").contentType(type), RequestBody.fromString("x"));
            assertThat(s3.headObject(b -> b.bucket(bucket).key("typed")).contentType()).isEqualTo(type);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("typed")).response().contentType()).isEqualTo(type);
        }
        GetObjectResponse over = s3.getObjectAsBytes(b -> b.bucket(bucket).key("typed").responseContentType("text/csv; Header=Present"))
                .response();
        assertThat(over.contentType()).isEqualTo("text/csv; Header=Present");
    }
}
