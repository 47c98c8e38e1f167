package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A key is any UTF-8 up to 1,024 bytes, U+0000 and U+0001 included: such keys are stored, read, listed in S3's byte
 * order (U+0000 before every other character), matched by prefixes and markers, copied and deleted as any other.
 * Listings ask for URL-encoded keys, as boto3 does, since XML 1.0 cannot carry U+0000.
 */
class NulKeysTest {

    private final S3Client s3 = S3TestService.client();

    private static final String NUL = "\u0000";
    private static final String SOH = "\u0001";

    private String bucket() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private void put(String bucket, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("body of " + key.replace(NUL, "<NUL>")));
    }

    private String get(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private List<String> keys(String bucket, String prefix, String startAfter) {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL)
                .prefix(prefix).startAfter(startAfter));
        return page.contents().stream().map(S3Object::key).toList();
    }

    @Test
    void keysHoldingNulAreStoredReadListedAndDeleted() {
        String bucket = bucket();
        List<String> ordered = List.of("a", "a" + NUL, "a" + NUL + NUL, "a" + NUL + "b", "a" + SOH, "a" + SOH + NUL,
                "a" + SOH + "b", "a" + "\u0002", "a/", "ab", NUL, NUL + "x");
        for (String key : ordered.reversed()) {
            put(bucket, key);
        }
        for (String key : ordered) {
            assertThat(get(bucket, key)).isEqualTo("body of " + key.replace(NUL, "<NUL>"));
            assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength()).isPositive();
        }
        // S3's order: UTF-8 bytes, U+0000 first
        List<String> expected = ordered.stream().sorted().toList();
        assertThat(keys(bucket, null, null)).containsExactlyElementsOf(expected);
        // prefixes and markers holding U+0000 and U+0001
        assertThat(keys(bucket, "a" + NUL, null)).containsExactly("a" + NUL, "a" + NUL + NUL, "a" + NUL + "b");
        assertThat(keys(bucket, "a" + SOH, null)).containsExactly("a" + SOH, "a" + SOH + NUL, "a" + SOH + "b");
        assertThat(keys(bucket, NUL, null)).containsExactly(NUL, NUL + "x");
        assertThat(keys(bucket, null, "a" + NUL)).containsExactlyElementsOf(expected.subList(expected.indexOf("a" + NUL) + 1,
                expected.size()));
        assertThat(keys(bucket, "a", "a" + NUL + NUL)).containsExactly("a" + NUL + "b", "a" + SOH, "a" + SOH + NUL,
                "a" + SOH + "b", "a\u0002", "a/", "ab");
        // V1 marker, a delimiter that is U+0000, and pages of one key
        assertThat(s3.listObjects(b -> b.bucket(bucket).encodingType(EncodingType.URL).marker("a" + SOH)).contents()
                .stream().map(S3Object::key).toList()).containsExactly("a" + SOH + NUL, "a" + SOH + "b", "a\u0002", "a/", "ab");
        ListObjectsV2Response rolled = s3.listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL).prefix("a")
                .delimiter(NUL));
        assertThat(rolled.commonPrefixes().stream().map(CommonPrefix::prefix)).containsExactly("a" + NUL, "a" + SOH + NUL);
        List<String> paged = s3.listObjectsV2Paginator(b -> b.bucket(bucket).encodingType(EncodingType.URL).maxKeys(1))
                .contents().stream().map(S3Object::key).toList();
        assertThat(paged).containsExactlyElementsOf(expected);
        // versions listing
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).encodingType(EncodingType.URL).prefix("a" + NUL)).versions()
                .stream().map(ObjectVersion::key).toList()).containsExactly("a" + NUL, "a" + NUL + NUL, "a" + NUL + "b");

        // copy from and to keys holding U+0000
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("a" + NUL + "b").destinationBucket(bucket).destinationKey("c" + NUL));
        assertThat(get(bucket, "c" + NUL)).isEqualTo("body of a<NUL>b");

        s3.deleteObject(b -> b.bucket(bucket).key("a" + NUL));
        s3.deleteObject(b -> b.bucket(bucket).key("c" + NUL));
        assertThat(keys(bucket, "a" + NUL, null)).containsExactly("a" + NUL + NUL, "a" + NUL + "b");
        assertThat(keys(bucket, "c", null)).isEmpty();
        // a key that differs only after U+0000 is another key
        assertThat(s3.headObject(b -> b.bucket(bucket).key("a")).contentLength()).isEqualTo("body of a".length());
    }

    /**
     * S3 writes a key's XML-illegal characters as character references ({@code &#x0;}) in the documents that carry the
     * key without URL encoding (CreateMultipartUpload's, CompleteMultipartUpload's), which XML parsers refuse: those
     * steps go raw here, as any client must take them on S3.
     */
    @Test
    void aMultipartUploadToAKeyHoldingNulCompletes() throws Exception {
        String bucket = bucket();
        String key = "multi" + NUL + "part" + SOH;
        String path = "/" + bucket + "/multi%00part%01";
        java.net.http.HttpResponse<String> created = RawS3.send("POST", path + "?uploads", (String) null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<Key>multi&#x0;part&#x1;</Key>");
        String uploadId = RawS3.element(created.body(), "UploadId");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).encodingType(EncodingType.URL).prefix("multi" + NUL))
                .uploads().stream().map(MultipartUpload::key).toList()).containsExactly(key);
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part one")).eTag();
        java.net.http.HttpResponse<String> completed = RawS3.send("POST", path + "?uploadId=" + uploadId,
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag + "</ETag></Part>"
                        + "</CompleteMultipartUpload>");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(get(bucket, key)).isEqualTo("part one");
        assertThat(keys(bucket, "multi", null)).containsExactly(key);
    }
}
