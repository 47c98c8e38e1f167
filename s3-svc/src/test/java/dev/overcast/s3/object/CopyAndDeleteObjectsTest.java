package dev.overcast.s3.object;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import dev.overcast.s3.SdkErrors;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

class CopyAndDeleteObjectsTest {

    private final S3Client s3 = S3TestService.client();

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String md5(byte[] data) throws Exception {
        return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"";
    }

    @Test
    void copyWithinAndAcrossBucketsWithMetadataAndTaggingDirectives() throws Exception {
        String a = S3TestService.bucketName();
        String b = S3TestService.bucketName();
        s3.createBucket(r -> r.bucket(a));
        s3.createBucket(r -> r.bucket(b));
        byte[] data = random(200_000, 1);
        s3.putObject(r -> r.bucket(a).key("src").contentType("text/x-src").cacheControl("no-cache")
                .metadata(Map.of("colour", "red")).tagging("team=blue&env=dev"), RequestBody.fromBytes(data));

        CopyObjectResponse copied = s3.copyObject(r -> r.sourceBucket(a).sourceKey("src").destinationBucket(b)
                .destinationKey("dst/copy"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(md5(data));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("dst/copy"));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().contentType()).isEqualTo("text/x-src");
        assertThat(got.response().cacheControl()).isEqualTo("no-cache");
        assertThat(got.response().metadata()).containsExactly(Map.entry("colour", "red"));
        assertThat(got.response().tagCount()).isEqualTo(2);
        assertThat(s3.getObjectTagging(r -> r.bucket(b).key("dst/copy")).tagSet()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "blue"),
                        org.assertj.core.groups.Tuple.tuple("env", "dev"));

        s3.copyObject(r -> r.sourceBucket(a).sourceKey("src").destinationBucket(a).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/x-new")
                .metadata(Map.of("shape", "square")).taggingDirective(TaggingDirective.REPLACE).tagging("only=one"));
        HeadObjectResponse head = s3.headObject(r -> r.bucket(a).key("replaced"));
        assertThat(head.contentType()).isEqualTo("application/x-new");
        assertThat(head.cacheControl()).isNull();
        assertThat(head.metadata()).containsExactly(Map.entry("shape", "square"));
        assertThat(s3.getObjectTagging(r -> r.bucket(a).key("replaced")).tagSet()).extracting(Tag::key).containsExactly("only");

        // copying onto itself needs a change; REPLACE is one
        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket(a).sourceKey("src").destinationBucket(a).destinationKey("src")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
        s3.copyObject(r -> r.sourceBucket(a).sourceKey("src").destinationBucket(a).destinationKey("src")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("v", "2")));
        assertThat(s3.headObject(r -> r.bucket(a).key("src")).metadata()).containsExactly(Map.entry("v", "2"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(a).key("src")).asByteArray()).isEqualTo(data);

        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket(a).sourceKey("missing").destinationBucket(b).destinationKey("x")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void copyOfAMultipartObjectAndCopySourceConditions() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(r -> r.bucket(bucket));
        byte[] p1 = random(5 * 1024 * 1024, 2);
        byte[] p2 = random(1000, 3);
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key("mp")).uploadId();
        String e1 = s3.uploadPart(r -> r.bucket(bucket).key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPart(r -> r.bucket(bucket).key("mp").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
        s3.completeMultipartUpload(r -> r.bucket(bucket).key("mp").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
        String sourceEtag = s3.headObject(r -> r.bucket(bucket).key("mp")).eTag();
        assertThat(sourceEtag).endsWith("-2\"");

        byte[] all = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, all, 0, p1.length);
        System.arraycopy(p2, 0, all, p1.length, p2.length);
        CopyObjectResponse copy = s3.copyObject(r -> r.sourceBucket(bucket).sourceKey("mp").destinationBucket(bucket)
                .destinationKey("flat").copySourceIfMatch(sourceEtag));
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(md5(all)); // a copy is one part
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("flat")).asByteArray()).isEqualTo(all);

        for (var attempt : List.<java.util.function.Consumer<software.amazon.awssdk.services.s3.model.CopyObjectRequest.Builder>>of(
                r -> r.copySourceIfMatch("\"nope\""),
                r -> r.copySourceIfNoneMatch(sourceEtag),
                r -> r.copySourceIfUnmodifiedSince(Instant.parse("2000-01-01T00:00:00Z")),
                r -> r.copySourceIfModifiedSince(Instant.now().plusSeconds(3600)))) {
            assertThatThrownBy(() -> s3.copyObject(r -> {
                r.sourceBucket(bucket).sourceKey("mp").destinationBucket(bucket).destinationKey("refused");
                attempt.accept(r);
            })).isInstanceOf(S3Exception.class).satisfies(e -> {
                assertThat(((S3Exception) e).statusCode()).isEqualTo(412);
                assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
            });
        }
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("flat", "mp");
    }

    @Test
    void deleteObjectsReportsEachKeyAndQuietModeOnlyErrors() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(r -> r.bucket(bucket));
        for (String k : List.of("a", "b", "c", "d")) {
            s3.putObject(r -> r.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        DeleteObjectsResponse loud = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(),
                ObjectIdentifier.builder().key("never-was").build(),
                ObjectIdentifier.builder().key("b").eTag("\"0123\"").build())));
        assertThat(loud.deleted()).extracting(DeletedObject::key).containsExactly("a", "never-was");
        assertThat(loud.errors()).extracting(S3Error::key, S3Error::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "PreconditionFailed"));

        DeleteObjectsResponse quiet = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.quiet(true).objects(
                ObjectIdentifier.builder().key("b").build(), ObjectIdentifier.builder().key("c").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(quiet.errors()).isEmpty();
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("d");

        String body = "<Delete><Object><Key>d</Key></Object><Object><Key>" + "k".repeat(1025) + "</Key></Object></Delete>";
        // S3 takes a multi-object delete only with a digest of its body: Content-MD5 or a flexible checksum
        HttpResponse<String> undigested = send("POST", "/" + bucket + "?delete", body);
        assertError(undigested, 400, "InvalidRequest");
        assertThat(undigested.body()).contains("<Message>Missing required header for this request: Content-MD5</Message>");
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("d");
        HttpResponse<String> raw = send("POST", "/" + bucket + "?delete", body, "Content-MD5", base64Md5(body));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("<DeleteResult").contains("<Deleted><Key>d</Key></Deleted>")
                .contains("<Code>KeyTooLongError</Code>");
        assertError(send("POST", "/" + bucket + "?delete", "<Delete></Delete>", "Content-MD5",
                base64Md5("<Delete></Delete>")), 400, "MalformedXML");
        assertError(send("POST", "/" + bucket + "?delete", "<Delete><Object><Key>x</Key>", "Content-MD5",
                base64Md5("<Delete><Object><Key>x</Key>")), 400, "MalformedXML");
    }

    static String base64Md5(String body) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
                .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void copyErrorsOverRawHttp() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(r -> r.bucket(bucket));
        s3.putObject(r -> r.bucket(bucket).key("src"), RequestBody.fromString("source"));
        HttpResponse<String> directive = send("PUT", "/" + bucket + "/dst", (String) null,
                "x-amz-copy-source", bucket + "/src", "x-amz-metadata-directive", "MERGE");
        assertError(directive, 400, "InvalidArgument");
        assertThat(directive.body()).contains("<Message>Unknown metadata directive.</Message>");
        assertError(send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", bucket + "/src",
                "x-amz-tagging-directive", "KEEP"), 400, "InvalidArgument");
        HttpResponse<String> self = send("PUT", "/" + bucket + "/src", (String) null, "x-amz-copy-source", bucket + "/src");
        assertError(self, 400, "InvalidRequest");
        assertThat(self.body()).contains("This copy request is illegal because it is trying to copy an object to itself");
        assertError(send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", bucket + "/nope"), 404, "NoSuchKey");
        // a source key holding U+0000 names no object (was NoSuchBucket for an existing bucket)
        assertError(send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", bucket + "/src%00"), 404, "NoSuchKey");
        assertError(send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", "/" + bucket), 400, "InvalidArgument");
        assertError(send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", bucket + "/src",
                "x-amz-copy-source-if-match", "\"x\""), 412, "PreconditionFailed");
        HttpResponse<String> ok = send("PUT", "/" + bucket + "/dst", (String) null, "x-amz-copy-source", "/" + bucket + "/src");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("<CopyObjectResult").contains("<ETag>").contains("<LastModified>");
        assertThat(send("HEAD", "/" + bucket + "/dst", (String) null).statusCode()).isEqualTo(200);
    }

    @Test
    void copyIsConditionalOnTheTargetAsAPutIs() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("source"));
        String targetEtag = s3.putObject(b -> b.bucket(bucket).key("dst"), RequestBody.fromString("target")).eTag();

        S3Exception exists = SdkErrors.failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").ifNoneMatch("*")));
        SdkErrors.assertFailure(exists, 412, "PreconditionFailed", null);
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").ifMatch("\"other\""))), 412, "PreconditionFailed", null);
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("absent").ifMatch(targetEtag))), 404, "NoSuchKey", null);
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").ifNoneMatch(targetEtag))), 501, "NotImplemented", null);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asUtf8String()).isEqualTo("target");

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst")
                .ifMatch(targetEtag));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asUtf8String()).isEqualTo("source");
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("fresh")
                .ifNoneMatch("*"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("fresh")).asUtf8String()).isEqualTo("source");
    }
}
