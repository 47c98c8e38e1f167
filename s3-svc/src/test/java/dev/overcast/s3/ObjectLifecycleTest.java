package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

class ObjectLifecycleTest {

    /** The service under test; a subclass runs the same tests against another database. */
    protected S3TestService service() {
        return S3TestService.embedded();
    }

    private final S3Client s3 = service().newClient("000000000000", "us-east-1");

    static String bucketName() {
        return "b-" + UUID.randomUUID().toString().substring(0, 18);
    }

    @Test
    void putGetHeadDeleteKeepsBytesMetadataAndContentHeaders() throws Exception {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] body = new byte[300_000]; // several 64 KiB chunks
        new Random(7).nextBytes(body);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("dir/a b+c.bin").contentType("application/x-test")
                .cacheControl("max-age=60").contentDisposition("attachment").contentLanguage("en")
                .metadata(Map.of("colour", "blue", "Shape", "round")), RequestBody.fromBytes(body));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        assertThat(put.eTag()).isEqualTo("\"" + md5 + "\"");

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("dir/a b+c.bin"));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.contentType()).isEqualTo("application/x-test");
        assertThat(head.cacheControl()).isEqualTo("max-age=60");
        assertThat(head.contentDisposition()).isEqualTo("attachment");
        assertThat(head.contentLanguage()).isEqualTo("en");
        assertThat(head.metadata()).containsEntry("colour", "blue").containsEntry("shape", "round");
        assertThat(head.eTag()).isEqualTo(put.eTag());

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b+c.bin"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().metadata()).containsEntry("colour", "blue");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());

        s3.deleteObject(b -> b.bucket(bucket).key("dir/a b+c.bin"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b+c.bin")))
                .isInstanceOf(NoSuchKeyException.class)
                .satisfies(e -> assertThat(((NoSuchKeyException) e).statusCode()).isEqualTo(404));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void overwriteReplacesTheBytesAndEmptyObjectsWork() {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(big));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("small now"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("small now");
        s3.putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("empty")).asByteArray()).isEmpty();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("empty")).contentLength()).isZero();
    }

    @Test
    void rangesReturnPartialContent() {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] body = new byte[150_000];
        new Random(3).nextBytes(body);
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromBytes(body));
        ResponseBytes<GetObjectResponse> middle = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=65000-70999"));
        assertThat(middle.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(body, 65000, 71000));
        assertThat(middle.response().contentRange()).isEqualTo("bytes 65000-70999/150000");
        ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-10"));
        assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(body, 149990, 150000));
        ResponseBytes<GetObjectResponse> open = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=149000-"));
        assertThat(open.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(body, 149000, 150000));
    }

    @Test
    void listObjectsV2WithPrefixDelimiterAndPagination() {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        for (String key : List.of("a/1", "a/2", "b", "c/x/1", "c/y", "d", "é", "Z")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response all = s3.listObjectsV2(b -> b.bucket(bucket));
        // UTF-8 byte order: upper case before lower case, non-ASCII last
        assertThat(all.contents()).extracting(S3Object::key)
                .containsExactly("Z", "a/1", "a/2", "b", "c/x/1", "c/y", "d", "é");
        assertThat(all.keyCount()).isEqualTo(8);
        assertThat(all.isTruncated()).isFalse();

        ListObjectsV2Response rolled = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertThat(rolled.contents()).extracting(S3Object::key).containsExactly("Z", "b", "d", "é");
        assertThat(rolled.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "c/");

        ListObjectsV2Response under = s3.listObjectsV2(b -> b.bucket(bucket).prefix("c/").delimiter("/"));
        assertThat(under.contents()).extracting(S3Object::key).containsExactly("c/y");
        assertThat(under.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("c/x/");

        ListObjectsV2Iterable pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(3).delimiter("/"));
        assertThat(pages.stream().mapToInt(p -> p.keyCount()).sum()).isEqualTo(6);
        assertThat(pages.stream().count()).isEqualTo(2);
        assertThat(pages.contents().stream().map(S3Object::key).toList()).containsExactly("Z", "b", "d", "é");

        ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket(bucket).startAfter("c/x/1"));
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("c/y", "d", "é");
    }
}
