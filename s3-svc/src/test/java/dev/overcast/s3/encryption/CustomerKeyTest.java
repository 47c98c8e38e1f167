package dev.overcast.s3.encryption;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** SSE-C: objects stored encrypted under the customer's key, read back (whole, ranges, parts) only with it. */
class CustomerKeyTest {

    private final S3Client s3 = S3TestService.client();

    /** A customer key: base64 of the 32 bytes, and base64 of their MD5. */
    record Key(byte[] bytes, String base64, String md5) {
        static Key random(long seed) {
            byte[] k = new byte[32];
            new Random(seed).nextBytes(k);
            return new Key(k, Base64.getEncoder().encodeToString(k), Base64.getEncoder().encodeToString(CustomerKeyTest.md5(k)));
        }
    }

    private static final Key KEY = Key.random(1);
    private static final Key OTHER = Key.random(2);

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private String bucket() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static Consumer<GetObjectRequest.Builder> get(String bucket, String key, Key k) {
        return b -> b.bucket(bucket).key(key).sseCustomerAlgorithm("AES256").sseCustomerKey(k.base64).sseCustomerKeyMD5(k.md5);
    }

    @Test
    void storedEncryptedAndReadBackWholeAndInRangesOnlyWithTheKey() {
        String bucket = bucket();
        byte[] data = bytes(200_000, 3); // many chunks
        var put = s3.putObject(b -> b.bucket(bucket).key("secret").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5), RequestBody.fromBytes(data));
        assertThat(put.sseCustomerAlgorithm()).isEqualTo("AES256");
        assertThat(put.sseCustomerKeyMD5()).isEqualTo(KEY.md5);
        assertThat(put.serverSideEncryption()).isNull();
        assertThat(put.eTag()).isNotEqualTo("\"" + HexFormat.of().formatHex(md5(data)) + "\""); // as on AWS: not the MD5

        // what PostgreSQL holds: ciphertext and the key's MD5, never the key
        var jdbc = S3TestService.jdbc();
        long id = jdbc.queryForObject("select id from s3.object where bucket = ? and key = 'secret'", Long.class, bucket);
        assertThat(jdbc.queryForObject("select sse_customer_key_md5 from s3.object where id = ?", String.class, id))
                .isEqualTo(KEY.md5);
        byte[] firstChunk = jdbc.queryForObject("select data from s3.object_chunk where blob_id = ? and seq = 0", byte[].class, id);
        assertThat(firstChunk).hasSize(8000);
        assertThat(Arrays.equals(firstChunk, Arrays.copyOf(data, 8000))).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from s3.object where row_to_json(object)::text like ?", Long.class,
                "%" + KEY.base64 + "%")).isZero();

        var got = s3.getObjectAsBytes(get(bucket, "secret", KEY));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().sseCustomerAlgorithm()).isEqualTo("AES256");
        assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(KEY.md5);
        // ranges start anywhere: mid-block, across chunk boundaries, the last byte
        for (long[] r : new long[][]{{0, 0}, {5, 20}, {15, 16}, {7995, 8010}, {65530, 65545}, {100_001, 199_999}, {199_999, 199_999}}) {
            byte[] range = s3.getObjectAsBytes(get(bucket, "secret", KEY).andThen(b -> b.range("bytes=" + r[0] + "-" + r[1])))
                    .asByteArray();
            assertThat(range).isEqualTo(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1));
        }
        var head = s3.headObject(b -> b.bucket(bucket).key("secret").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5));
        assertThat(head.contentLength()).isEqualTo(200_000L);
        assertThat(head.sseCustomerKeyMD5()).isEqualTo(KEY.md5);

        // without the key, with another key, a key for an unencrypted object
        assertFailure(failure(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("secret"))), 400, "InvalidRequest",
                "The object was stored using a form of Server Side Encryption. The correct parameters must be provided "
                        + "to retrieve the object.");
        assertFailure(failure(() -> s3.headObject(b -> b.bucket(bucket).key("secret"))), 400, null, null);
        assertFailure(failure(() -> s3.getObjectAsBytes(get(bucket, "secret", OTHER))), 403, "AccessDenied", null);
        assertFailure(failure(() -> s3.headObject(b -> b.bucket(bucket).key("secret").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(OTHER.base64).sseCustomerKeyMD5(OTHER.md5))), 403, null, null);
        s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("plain"));
        assertFailure(failure(() -> s3.getObjectAsBytes(get(bucket, "plain", KEY))), 400, "InvalidRequest",
                "The encryption parameters are not applicable to this object.");

        // GetObjectAttributes reads the object's metadata as HEAD does: with its key only
        assertThat(s3.getObjectAttributes(b -> b.bucket(bucket).key("secret").objectAttributesWithStrings("ObjectSize")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5)).objectSize())
                .isEqualTo(200_000L);
        assertFailure(failure(() -> s3.getObjectAttributes(b -> b.bucket(bucket).key("secret")
                .objectAttributesWithStrings("ObjectSize"))), 400, "InvalidRequest", null);
        assertFailure(failure(() -> s3.getObjectAttributes(b -> b.bucket(bucket).key("secret")
                .objectAttributesWithStrings("ObjectSize").sseCustomerAlgorithm("AES256").sseCustomerKey(OTHER.base64)
                .sseCustomerKeyMD5(OTHER.md5))), 403, "AccessDenied", null);
    }

    @Test
    void smallObjectsContentMd5AndVersions() throws Exception {
        String bucket = bucket();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5), RequestBody.fromString("first")).versionId();
        s3.putObject(b -> b.bucket(bucket).key("k").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(OTHER.base64).sseCustomerKeyMD5(OTHER.md5), RequestBody.fromString("second"));
        assertThat(s3.getObjectAsBytes(get(bucket, "k", KEY).andThen(b -> b.versionId(v1))).asUtf8String()).isEqualTo("first");
        assertThat(s3.getObjectAsBytes(get(bucket, "k", OTHER)).asUtf8String()).isEqualTo("second");
        byte[] inline = S3TestService.jdbc().queryForObject(
                "select inline_data from s3.object where bucket = ? and version_id = ?", byte[].class, bucket, v1);
        assertThat(new String(inline, java.nio.charset.StandardCharsets.UTF_8)).isNotEqualTo("first");

        // Content-MD5 is the plaintext's
        String[] sse = {"x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", KEY.base64,
                "x-amz-server-side-encryption-customer-key-MD5", KEY.md5};
        String good = Base64.getEncoder().encodeToString(md5("body".getBytes()));
        assertThat(send("PUT", "/" + bucket + "/md5", "body", concat(sse, "Content-MD5", good)).statusCode()).isEqualTo(200);
        assertError(send("PUT", "/" + bucket + "/md5", "other", concat(sse, "Content-MD5", good)), 400, "BadDigest");
        // reads may leave out the key MD5
        assertThat(send("GET", "/" + bucket + "/md5", (String) null, Arrays.copyOf(sse, 4)).body()).isEqualTo("body");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void invalidKeyHeaders() throws Exception {
        String bucket = bucket();
        String path = "/" + bucket + "/k";
        HttpResponse<String> algorithm = send("PUT", path, "x", "x-amz-server-side-encryption-customer-algorithm", "AES128",
                "x-amz-server-side-encryption-customer-key", KEY.base64, "x-amz-server-side-encryption-customer-key-MD5", KEY.md5);
        assertError(algorithm, 400, "InvalidEncryptionAlgorithmError");
        HttpResponse<String> shortKey = send("PUT", path, "x", "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", Base64.getEncoder().encodeToString(new byte[16]),
                "x-amz-server-side-encryption-customer-key-MD5", Base64.getEncoder().encodeToString(md5(new byte[16])));
        assertError(shortKey, 400, "InvalidArgument");
        assertThat(shortKey.body()).contains("<Message>The secret key was invalid for the specified algorithm.</Message>");
        HttpResponse<String> mismatch = send("PUT", path, "x", "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", KEY.base64, "x-amz-server-side-encryption-customer-key-MD5", OTHER.md5);
        assertError(mismatch, 400, "InvalidArgument");
        assertThat(mismatch.body())
                .contains("<Message>The calculated MD5 hash of the key did not match the hash that was provided.</Message>");
        HttpResponse<String> noMd5 = send("PUT", path, "x", "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", KEY.base64);
        assertError(noMd5, 400, "InvalidArgument");
        assertThat(noMd5.body()).contains("must provide the client calculated MD5 of the secret key.");
        HttpResponse<String> noKey = send("PUT", path, "x", "x-amz-server-side-encryption-customer-algorithm", "AES256");
        assertError(noKey, 400, "InvalidArgument");
        assertThat(noKey.body()).contains("must provide an appropriate secret key.");
        HttpResponse<String> noAlgorithm = send("PUT", path, "x", "x-amz-server-side-encryption-customer-key", KEY.base64,
                "x-amz-server-side-encryption-customer-key-MD5", KEY.md5);
        assertError(noAlgorithm, 400, "InvalidArgument");
        assertThat(noAlgorithm.body()).contains("must provide a valid encryption algorithm.");
        HttpResponse<String> both = send("PUT", path, "x", "x-amz-server-side-encryption", "AES256",
                "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", KEY.base64, "x-amz-server-side-encryption-customer-key-MD5", KEY.md5);
        assertError(both, 400, "InvalidArgument");
        assertThat(send("HEAD", path, (String) null).statusCode()).isEqualTo(404); // nothing was stored
    }

    @Test
    void copiesDecryptTheSourceAndEncryptTheTarget() {
        String bucket = bucket();
        byte[] data = bytes(100_000, 4);
        s3.putObject(b -> b.bucket(bucket).key("src").sseCustomerAlgorithm("AES256").sseCustomerKey(KEY.base64)
                .sseCustomerKeyMD5(KEY.md5), RequestBody.fromBytes(data));
        // SSE-C source to a plain target
        var plain = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("plain")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(KEY.base64)
                .copySourceSSECustomerKeyMD5(KEY.md5));
        assertThat(plain.sseCustomerAlgorithm()).isNull();
        assertThat(plain.copyObjectResult().eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5(data)) + "\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("plain")).asByteArray()).isEqualTo(data);
        // SSE-C source to an SSE-C target under another key
        var rekeyed = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("other")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(KEY.base64)
                .copySourceSSECustomerKeyMD5(KEY.md5)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(OTHER.base64).sseCustomerKeyMD5(OTHER.md5));
        assertThat(rekeyed.sseCustomerKeyMD5()).isEqualTo(OTHER.md5);
        assertThat(s3.getObjectAsBytes(get(bucket, "other", OTHER)).asByteArray()).isEqualTo(data);
        assertFailure(failure(() -> s3.getObjectAsBytes(get(bucket, "other", KEY))), 403, "AccessDenied", null);
        // a plain source to an SSE-C target; re-encrypting an object onto itself is a change
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("plain").destinationBucket(bucket).destinationKey("plain")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5));
        assertThat(s3.getObjectAsBytes(get(bucket, "plain", KEY)).asByteArray()).isEqualTo(data);
        // the source's key is required, and must be the right one
        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("x"))), 400, "InvalidRequest", null);
        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("x").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(OTHER.base64)
                .copySourceSSECustomerKeyMD5(OTHER.md5))), 403, "AccessDenied", null);
        assertFailure(failure(() -> s3.headObject(b -> b.bucket(bucket).key("x"))), 404, null, null);
    }

    @Test
    void multipartUploadsEncryptEveryPart() {
        String bucket = bucket();
        byte[] part1 = bytes(5 * 1024 * 1024, 5);
        byte[] source = bytes(80_000, 7);
        s3.putObject(b -> b.bucket(bucket).key("src").sseCustomerAlgorithm("AES256").sseCustomerKey(OTHER.base64)
                .sseCustomerKeyMD5(OTHER.md5), RequestBody.fromBytes(source));
        var created = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5));
        assertThat(created.sseCustomerKeyMD5()).isEqualTo(KEY.md5);
        String id = created.uploadId();
        var up1 = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5), RequestBody.fromBytes(part1));
        assertThat(up1.sseCustomerKeyMD5()).isEqualTo(KEY.md5);
        // part 2, the last, copies a range of another SSE-C object
        var up2 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("mp").uploadId(id).partNumber(2).copySourceRange("bytes=1000-79999")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(OTHER.base64)
                .copySourceSSECustomerKeyMD5(OTHER.md5)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY.base64).sseCustomerKeyMD5(KEY.md5));
        // parts without the upload's key, or with another
        assertFailure(failure(() -> s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(4),
                RequestBody.fromString("x"))), 400, "InvalidRequest", null);
        assertFailure(failure(() -> s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(4)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(OTHER.base64).sseCustomerKeyMD5(OTHER.md5),
                RequestBody.fromString("x"))), 400, "InvalidRequest", null);
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(up1.eTag()).build(),
                CompletedPart.builder().partNumber(2).eTag(up2.copyPartResult().eTag()).build())));

        byte[] all = new byte[part1.length + 79_000];
        System.arraycopy(part1, 0, all, 0, part1.length);
        System.arraycopy(source, 1000, all, part1.length, 79_000);
        assertThat(s3.getObjectAsBytes(get(bucket, "mp", KEY)).asByteArray()).isEqualTo(all);
        int from = part1.length - 7; // across the part boundary, starting and ending mid-block
        int to = part1.length + 70_001;
        assertThat(s3.getObjectAsBytes(get(bucket, "mp", KEY).andThen(b -> b.range("bytes=" + from + "-" + to))).asByteArray())
                .isEqualTo(Arrays.copyOfRange(all, from, to + 1));
        assertThat(s3.getObjectAsBytes(get(bucket, "mp", KEY).andThen(b -> b.partNumber(2))).asByteArray())
                .isEqualTo(Arrays.copyOfRange(source, 1000, 80_000));
        assertFailure(failure(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp"))), 400, "InvalidRequest", null);
    }
}
