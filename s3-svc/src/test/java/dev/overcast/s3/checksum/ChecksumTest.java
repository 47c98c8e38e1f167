package dev.overcast.s3.checksum;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.auth.StreamingChecksum;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.SdkErrors;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** Flexible checksums: verified on upload (headers and aws-chunked trailers), stored, returned on request. */
class ChecksumTest {

    private final S3Client s3 = S3TestService.client();
    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
    }

    static String checksum(String algorithm, byte[] data) throws Exception {
        StreamingChecksum sum = StreamingChecksum.of(new ByteArrayInputStream(data), algorithm);
        sum.transferTo(java.io.OutputStream.nullOutputStream());
        return sum.base64();
    }

    @Test
    void everyAlgorithmIsStoredAndReturnedWithChecksumModeEnabled() throws Exception {
        byte[] data = new byte[150_000];
        new Random(5).nextBytes(data);
        // (CRC64NVME needs the CRT native library in the SDK client: see crc64nvmeOverRawHttp)
        for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[]{ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256}) {
            String key = "k-" + algorithm;
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm),
                    RequestBody.fromBytes(data));
            String expected = checksum(algorithm.toString(), data);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            String returned = switch (algorithm) {
                case CRC32 -> head.checksumCRC32();
                case CRC32_C -> head.checksumCRC32C();
                case CRC64_NVME -> head.checksumCRC64NVME();
                case SHA1 -> head.checksumSHA1();
                default -> head.checksumSHA256();
            };
            assertThat(returned).as(algorithm.toString()).isEqualTo(expected);
            assertThat(head.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
            // the SDK validates what GetObject returns against the bytes
            GetObjectResponse got = s3.getObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED),
                    ResponseTransformer.toBytes()).response();
            assertThat(got.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
            assertThat(put.eTag()).isEqualTo(head.eTag());
        }
        // listings name each object's checksum algorithm and type
        var listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(listed).allSatisfy(o -> assertThat(o.checksumTypeAsString()).isEqualTo("FULL_OBJECT"));
        assertThat(listed).extracting(o -> o.checksumAlgorithmAsStrings().get(0))
                .containsExactlyInAnyOrder("CRC32", "CRC32C", "SHA1", "SHA256");
        // a copy keeps a full-object checksum: the bytes are the same
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k-SHA256").destinationBucket(bucket).destinationKey("copied"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("copied").checksumMode(ChecksumMode.ENABLED)).checksumSHA256())
                .isEqualTo(checksum("SHA256", data));
        // without checksum mode, no checksum headers; a range has none either
        assertThat(s3.headObject(b -> b.bucket(bucket).key("k-CRC32")).checksumCRC32()).isNull();
        assertThat(s3.getObject(b -> b.bucket(bucket).key("k-CRC32").range("bytes=0-9").checksumMode(ChecksumMode.ENABLED),
                ResponseTransformer.toBytes()).response().checksumCRC32()).isNull();
    }

    @Test
    void compositeChecksumOfAMultipartUpload() throws Exception {
        byte[] p1 = new byte[5 * 1024 * 1024];
        byte[] p2 = "the end".getBytes(StandardCharsets.UTF_8);
        new Random(6).nextBytes(p1);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        UploadPartResponse r1 = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(p1));
        UploadPartResponse r2 = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(p2));
        assertThat(r1.checksumSHA256()).isEqualTo(checksum("SHA256", p1));
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumSHA256(r1.checksumSHA256()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumSHA256(r2.checksumSHA256()).build())));
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        joined.writeBytes(java.util.Base64.getDecoder().decode(r1.checksumSHA256()));
        joined.writeBytes(java.util.Base64.getDecoder().decode(r2.checksumSHA256()));
        String composite = checksum("SHA256", joined.toByteArray()) + "-2";
        assertThat(done.checksumSHA256()).isEqualTo(composite);
        assertThat(done.checksumType()).isEqualTo(ChecksumType.COMPOSITE);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("mp").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumSHA256()).isEqualTo(composite);
        assertThat(head.checksumType()).isEqualTo(ChecksumType.COMPOSITE);
    }

    @Test
    void wrongOrMalformedChecksumsAreRefusedAndStoreNothing() throws Exception {
        String path = "/" + bucket + "/k";
        HttpResponse<String> wrong = send("PUT", path, "hello", "x-amz-checksum-crc32", "AAAAAA==");
        assertError(wrong, 400, "BadDigest");
        assertThat(wrong.body()).contains("<Message>The CRC32 you specified did not match the calculated checksum.</Message>");
        assertError(send("PUT", path, "hello", "x-amz-checksum-sha256", checksum("SHA256", "other".getBytes())), 400, "BadDigest");
        HttpResponse<String> shape = send("PUT", path, "hello", "x-amz-checksum-crc32", "not base64!");
        assertError(shape, 400, "InvalidRequest");
        assertThat(shape.body()).contains("<Message>Value for x-amz-checksum-crc32 header is invalid.</Message>");
        HttpResponse<String> two = send("PUT", path, "hello", "x-amz-checksum-crc32", checksum("CRC32", "hello".getBytes()),
                "x-amz-checksum-sha1", checksum("SHA1", "hello".getBytes()));
        assertError(two, 400, "InvalidRequest");
        assertThat(two.body()).contains("Expecting a single x-amz-checksum- header");
        assertThat(send("HEAD", path, (String) null).statusCode()).isEqualTo(404);

        HttpResponse<String> ok = send("PUT", path, "hello", "x-amz-checksum-crc32c", checksum("CRC32C", "hello".getBytes()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-amz-checksum-crc32c")).contains(checksum("CRC32C", "hello".getBytes()));
        HttpResponse<String> get = send("GET", path, (String) null, "x-amz-checksum-mode", "ENABLED");
        assertThat(get.headers().firstValue("x-amz-checksum-crc32c")).contains(checksum("CRC32C", "hello".getBytes()));
        assertThat(get.headers().firstValue("x-amz-checksum-type")).contains("FULL_OBJECT");
    }

    @Test
    void trailingChecksumsOfAwsChunkedBodies() throws Exception {
        String good = checksum("CRC32", "hello".getBytes());
        for (String[] c : new String[][]{{"AAAAAA==", "400"}, {good, "200"}}) {
            String body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:" + c[0] + "\r\n\r\n";
            HttpResponse<String> r = send("PUT", "/" + bucket + "/trailed", body,
                    "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "5", "x-amz-trailer", "x-amz-checksum-crc32");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(Integer.parseInt(c[1]));
            if (r.statusCode() == 400) {
                assertError(r, 400, "BadDigest");
                assertThat(send("HEAD", "/" + bucket + "/trailed", (String) null).statusCode()).isEqualTo(404);
            }
        }
        assertThat(send("GET", "/" + bucket + "/trailed", (String) null).body()).isEqualTo("hello");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("trailed").checksumMode(ChecksumMode.ENABLED)).checksumCRC32())
                .isEqualTo(good);
    }

    @Test
    void crc64nvmeOverRawHttp() throws Exception {
        // the CRC-64/NVME check value: "123456789" -> 0xae8b14860a799888
        String path = "/" + bucket + "/nvme";
        assertError(send("PUT", path, "123456789", "x-amz-checksum-crc64nvme", "M3eFcAZSQlc="), 400, "BadDigest");
        HttpResponse<String> ok = send("PUT", path, "123456789", "x-amz-checksum-crc64nvme", "rosUhgp5mIg=");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> get = send("GET", path, (String) null, "x-amz-checksum-mode", "ENABLED");
        assertThat(get.headers().firstValue("x-amz-checksum-crc64nvme")).contains("rosUhgp5mIg=");
        // declared by algorithm only: computed and stored
        assertThat(send("PUT", "/" + bucket + "/hello", "hello", "x-amz-sdk-checksum-algorithm", "CRC64NVME").statusCode())
                .isEqualTo(200);
        assertThat(send("HEAD", "/" + bucket + "/hello", (String) null, "x-amz-checksum-mode", "ENABLED")
                .headers().firstValue("x-amz-checksum-crc64nvme")).contains("M3eFcAZSQlc=");
    }

    @Test
    void theSdksDefaultChecksumIsKept() {
        s3.putObject(b -> b.bucket(bucket).key("default"), RequestBody.fromString("defaults"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("default").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumCRC32()).isNotNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("default").checksumMode(ChecksumMode.ENABLED)).asUtf8String())
                .isEqualTo("defaults");
    }

    @Test
    void aCompleteDeclaringAWrongCompositeChecksumIsRefused() throws Exception {
        byte[] data = "one part".getBytes(StandardCharsets.UTF_8);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        UploadPartResponse part = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        CompletedPart completed = CompletedPart.builder().partNumber(1).eTag(part.eTag()).checksumSHA256(part.checksumSHA256()).build();
        String composite = checksum("SHA256", java.util.Base64.getDecoder().decode(part.checksumSHA256()));

        String other = checksum("SHA256", "other".getBytes(StandardCharsets.UTF_8));
        S3Exception wrong = SdkErrors.failure(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .checksumSHA256(other)
                .multipartUpload(m -> m.parts(completed))));
        SdkErrors.assertFailure(wrong, 400, "BadDigest", "The sha256 you specified did not match the calculated checksum.");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1); // nothing completed

        // a composite checksum is made of every part's: a part without one is refused, and so is a complete without them
        HttpResponse<String> bare = send("PUT", "/" + bucket + "/mp?partNumber=2&uploadId=" + id, "no checksum");
        assertError(bare, 400, "InvalidRequest");
        assertThat(bare.body()).contains("<Message>Checksum Type mismatch occurred, expected checksum Type: sha256, "
                + "actual checksum Type: null</Message>");
        S3Exception missing = SdkErrors.failure(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag())))));
        SdkErrors.assertFailure(missing, 400, "InvalidRequest", "The upload was created using a sha256 checksum. The "
                + "complete request must include the checksum for each part. It was missing for part 1 in the request.");

        // the right one, with its part count or without
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .checksumSHA256(composite).multipartUpload(m -> m.parts(completed)));
        assertThat(done.checksumSHA256()).isEqualTo(composite + "-1");
        String again = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp2").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        UploadPartResponse part2 = s3.uploadPart(b -> b.bucket(bucket).key("mp2").uploadId(again).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        assertThat(s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp2").uploadId(again).checksumSHA256(composite + "-1")
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part2.eTag()).checksumSHA256(part2.checksumSHA256()))))
                .checksumSHA256()).isEqualTo(composite + "-1");
    }
}
