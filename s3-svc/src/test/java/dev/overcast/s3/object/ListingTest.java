package dev.overcast.s3.object;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.element;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Listings as S3 pages them: max-keys=0, delimiters across pages, URL encoding, and parameters of any character. */
class ListingTest {

    private final S3Client s3 = S3TestService.client();

    private String bucketWith(String... keys) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        for (String key : keys) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        return bucket;
    }

    @Test
    void maxKeysZeroAnswersAnEmptyPageThatIsNotTruncated() {
        String bucket = bucketWith("a", "b");
        ListObjectsV2Response v2 = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(0));
        assertThat(v2.contents()).isEmpty();
        assertThat(v2.keyCount()).isZero();
        assertThat(v2.isTruncated()).isFalse();
        assertThat(v2.nextContinuationToken()).isNull();
        ListObjectsResponse v1 = s3.listObjects(b -> b.bucket(bucket).maxKeys(0));
        assertThat(v1.contents()).isEmpty();
        assertThat(v1.isTruncated()).isFalse();
        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(0));
        assertThat(versions.versions()).isEmpty();
        assertThat(versions.isTruncated()).isFalse();
    }

    @Test
    void aPageEndingOnACommonPrefixGoesOnAfterEveryKeyUnderIt() {
        String bucket = bucketWith("a/1", "a/2", "a/3", "b/1", "b/2", "c");
        // V2: the SDK's paginator follows NextContinuationToken (it looped on a/ before)
        List<ListObjectsV2Response> pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).delimiter("/").maxKeys(1))
                .stream().limit(10).toList();
        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(p -> p.commonPrefixes().stream()).map(CommonPrefix::prefix))
                .containsExactly("a/", "b/");
        assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key)).containsExactly("c");
        assertThat(pages.get(2).isTruncated()).isFalse();

        // V1: NextMarker is the common prefix, and the next page starts after it
        List<String> entries = new ArrayList<>();
        String marker = null;
        for (int i = 0; i < 10; i++) {
            String m = marker;
            ListObjectsResponse page = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(1).marker(m));
            page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            page.contents().forEach(o -> entries.add(o.key()));
            if (!page.isTruncated()) {
                break;
            }
            marker = page.nextMarker();
        }
        assertThat(entries).containsExactly("a/", "b/", "c");
    }

    @Test
    void versionsAndUploadsPageAcrossCommonPrefixes() {
        String bucket = bucketWith();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        for (String key : List.of("a/1", "a/2", "b/1", "c", "c")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        List<String> entries = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        for (int i = 0; i < 10; i++) {
            String k = keyMarker;
            String v = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/").maxKeys(1)
                    .keyMarker(k).versionIdMarker(v));
            page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            page.versions().stream().map(ObjectVersion::key).forEach(entries::add);
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        assertThat(entries).containsExactly("a/", "b/", "c", "c");

        for (String key : List.of("a/1", "a/2", "b/1", "c")) {
            s3.createMultipartUpload(b -> b.bucket(bucket).key(key));
        }
        List<String> uploads = new ArrayList<>();
        keyMarker = null;
        String uploadMarker = null;
        for (int i = 0; i < 10; i++) {
            String k = keyMarker;
            String u = uploadMarker;
            ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket(bucket).delimiter("/").maxUploads(1)
                    .keyMarker(k).uploadIdMarker(u));
            page.commonPrefixes().forEach(p -> uploads.add(p.prefix()));
            page.uploads().stream().map(MultipartUpload::key).forEach(uploads::add);
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
        }
        assertThat(uploads).containsExactly("a/", "b/", "c");
    }

    @Test
    void urlEncodingPercentEncodesAsAUriPathAndAnEmptyDelimiterIsLeftOut() throws Exception {
        String bucket = bucketWith("foo+1/bar", "foo/bar/xyzzy", "quux ab/thud", "asdf+b");
        for (String listing : List.of("list-type=2&", "")) {
            HttpResponse<String> encoded = send("GET", "/" + bucket + "?" + listing + "delimiter=/&encoding-type=url",
                    (String) null);
            assertThat(encoded.statusCode()).isEqualTo(200);
            assertThat(all(encoded.body(), "Key")).containsExactly("asdf%2Bb");
            assertThat(all(encoded.body(), "Prefix")).containsExactly("", "foo%2B1/", "foo/", "quux%20ab/");
            assertThat(element(encoded.body(), "Delimiter")).isEqualTo("/");

            HttpResponse<String> empty = send("GET", "/" + bucket + "?" + listing + "delimiter=", (String) null);
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.body()).doesNotContain("<Delimiter>").doesNotContain("<CommonPrefixes>");
            assertThat(all(empty.body(), "Key")).hasSize(4);

            HttpResponse<String> noMethod = send("GET", "/" + bucket + "?" + listing + "encoding-type=", (String) null);
            assertThat(noMethod.statusCode()).isEqualTo(200);
            assertThat(noMethod.body()).doesNotContain("<EncodingType>").contains("<Key>quux ab/thud</Key>");
        }
        // the SDK decodes what it asked to be encoded
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).encodingType("url")).contents()).extracting(S3Object::key)
                .containsExactly("asdf+b", "foo+1/bar", "foo/bar/xyzzy", "quux ab/thud");
    }

    @Test
    void anEncodingMethodOtherThanUrlIsRefused() throws Exception {
        String bucket = bucketWith("a");
        for (String listing : List.of("list-type=2&", "", "versions&", "uploads&")) {
            HttpResponse<String> bogus = send("GET", "/" + bucket + "?" + listing + "encoding-type=bogus", (String) null);
            assertError(bogus, 400, "InvalidArgument");
            assertThat(bogus.body()).contains("<Message>Invalid Encoding Method specified in Request</Message>")
                    .contains("<ArgumentName>encoding-type</ArgumentName>");
        }
    }

    @Test
    void parametersHoldingNulMatchAsS3MatchesThem() throws Exception {
        String bucket = bucketWith("a", "a/1", "b");
        s3.createMultipartUpload(b -> b.bucket(bucket).key("u"));
        String path = "/" + bucket;
        // no key here holds U+0000: such a prefix matches nothing; a marker holding one comes after its part before it
        // (keys that do hold it: NulKeysTest)
        assertThat(keys(send("GET", path + "?prefix=%00", (String) null))).isEmpty();
        assertThat(keys(send("GET", path + "?prefix=a%00", (String) null))).isEmpty();
        assertThat(keys(send("GET", path + "?marker=%00", (String) null))).containsExactly("a", "a/1", "b");
        assertThat(keys(send("GET", path + "?marker=a%00", (String) null))).containsExactly("a/1", "b");
        assertThat(keys(send("GET", path + "?list-type=2&start-after=%00", (String) null))).containsExactly("a", "a/1", "b");
        // a continuation token that decodes to NULs
        assertThat(keys(send("GET", path + "?list-type=2&continuation-token=AAAA", (String) null)))
                .containsExactly("a", "a/1", "b");
        assertThat(keys(send("GET", path + "?versions&prefix=%00", (String) null))).isEmpty();
        assertThat(keys(send("GET", path + "?versions&key-marker=a%00&version-id-marker=null", (String) null)))
                .containsExactly("a/1", "b");
        assertThat(keys(send("GET", path + "?uploads&key-marker=%00", (String) null))).containsExactly("u");
        assertThat(keys(send("GET", path + "?uploads&prefix=%00", (String) null))).isEmpty();
        assertThat(keys(send("GET", path + "?uploads&key-marker=u&upload-id-marker=%00", (String) null))).isEmpty();
        assertError(send("GET", path + "/u?uploadId=%00", (String) null), 404, "NoSuchUpload");
    }

    /** The keys of a listing's answer (which must be 200). */
    private static List<String> keys(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return all(response.body(), "Key");
    }

    private static List<String> all(String xml, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">").matcher(xml);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
