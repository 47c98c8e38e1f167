package dev.overcast.s3.versioning;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

class VersioningTest {

    private final S3Client s3 = S3TestService.client();

    private String bucket(BucketVersioningStatus status) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        if (status != null) {
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(status)));
        }
        return bucket;
    }

    private String put(String bucket, String key, String body) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
    }

    private String get(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    @Test
    void bucketVersioningConfiguration() throws Exception {
        String bucket = bucket(null);
        GetBucketVersioningResponse never = s3.getBucketVersioning(b -> b.bucket(bucket));
        assertThat(never.status()).isNull();
        assertThat(never.mfaDelete()).isNull();
        HttpResponse<String> raw = send("GET", "/" + bucket + "?versioning", (String) null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("<VersioningConfiguration").doesNotContain("<Status>");

        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);

        assertError(send("PUT", "/" + bucket + "?versioning",
                "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>"), 400, "MalformedXML");
        assertError(send("PUT", "/" + bucket + "?versioning", "<VersioningConfiguration/>"), 400, "MalformedXML");

        // MFA delete: refused without the x-amz-mfa header, stored and echoed with it
        S3Exception noMfa = failure(() -> s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c
                .status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED))));
        assertFailure(noMfa, 403, "AccessDenied", null);
        assertThat(noMfa.awsErrorDetails().errorMessage()).isEqualTo("Mfa Authentication must be used for this request");
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
        s3.putBucketVersioning(b -> b.bucket(bucket).mfa("arn:aws:iam::000000000000:mfa/root 123456")
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED)));
        GetBucketVersioningResponse withMfa = s3.getBucketVersioning(b -> b.bucket(bucket));
        assertThat(withMfa.status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(withMfa.mfaDeleteAsString()).isEqualTo("Enabled");
        assertThat(send("GET", "/" + bucket + "?versioning", (String) null).body()).contains("<MfaDelete>Enabled</MfaDelete>");
        // with MFA delete on, suspending and deleting versions take the header too
        assertFailure(failure(() -> s3.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)))), 403, "AccessDenied", null);
        String v = put(bucket, "k", "x");
        assertFailure(failure(() -> s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v))), 403, "AccessDenied", null);
        assertThat(get(bucket, "k", v)).isEqualTo("x");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v).mfa("arn:aws:iam::000000000000:mfa/root 123456"));
        assertFailure(failure(() -> get(bucket, "k", v)), 404, "NoSuchVersion", null);

        // a bucket created without Object Lock is not versioned
        String locked = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(locked).objectLockEnabledForBucket(false));
        assertThat(s3.getBucketVersioning(b -> b.bucket(locked)).status()).isNull();
        assertFailure(failure(() -> s3.getBucketVersioning(b -> b.bucket(S3TestService.bucketName()))), 404, "NoSuchBucket", null);
    }

    @Test
    void everyWriteInAnEnabledBucketIsANewVersion() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String v1 = put(bucket, "doc", "one");
        String v2 = put(bucket, "doc", "two");
        assertThat(v1).hasSize(32).isNotEqualTo(v2);
        assertThat(v2).hasSize(32);
        assertThat(get(bucket, "doc", null)).isEqualTo("two");
        assertThat(get(bucket, "doc", v1)).isEqualTo("one");
        assertThat(get(bucket, "doc", v2)).isEqualTo("two");
        assertThat(s3.getObject(b -> b.bucket(bucket).key("doc")).response().versionId()).isEqualTo(v2);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("doc").versionId(v1)).versionId()).isEqualTo(v1);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("doc").versionId(v1)).contentLength()).isEqualTo(3);
        // a range of an old version
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc").versionId(v1).range("bytes=1-2")).asUtf8String())
                .isEqualTo("ne");

        List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(bucket)).versions();
        assertThat(versions).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        assertThat(versions).extracting(ObjectVersion::isLatest).containsExactly(true, false);
        assertThat(versions.get(1).size()).isEqualTo(3);
        // a listing shows the current version only
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(3L));

        // copies and multipart uploads are versions too
        var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("doc").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("copy"));
        assertThat(copy.copySourceVersionId()).isEqualTo(v1);
        assertThat(copy.versionId()).hasSize(32);
        assertThat(get(bucket, "copy", null)).isEqualTo("one");
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("doc")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("doc").uploadId(upload).partNumber(1),
                RequestBody.fromString("three")).eTag();
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("doc").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        assertThat(done.versionId()).hasSize(32).isNotIn(v1, v2);
        assertThat(get(bucket, "doc", null)).isEqualTo("three");
        assertThat(get(bucket, "doc", v2)).isEqualTo("two");
        // upload part copy from an old version
        String upload2 = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        var partCopy = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("doc").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("mp").uploadId(upload2).partNumber(1));
        assertThat(partCopy.copySourceVersionId()).isEqualTo(v1);
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(upload2)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(partCopy.copyPartResult().eTag()))));
        assertThat(get(bucket, "mp", null)).isEqualTo("one");

        // copying an older version onto its own key restores it as the current version
        var restored = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("doc").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("doc"));
        assertThat(get(bucket, "doc", null)).isEqualTo("one");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("doc")).versions()).hasSize(4)
                .first().satisfies(o -> assertThat(o.versionId()).isEqualTo(restored.versionId()));
    }

    @Test
    void nullVersionsBeforeVersioningAndWhileSuspended() {
        String bucket = bucket(null);
        assertThat(put(bucket, "k", "before")).isNull(); // a never-versioned bucket names no versions
        assertThat(s3.getObject(b -> b.bucket(bucket).key("k")).response().versionId()).isNull();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getObject(b -> b.bucket(bucket).key("k")).response().versionId()).isEqualTo("null");
        assertThat(get(bucket, "k", "null")).isEqualTo("before");
        String v1 = put(bucket, "k", "enabled");
        assertThat(v1).hasSize(32);

        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(put(bucket, "k", "suspended-1")).isEqualTo("null");
        assertThat(put(bucket, "k", "suspended-2")).isEqualTo("null"); // replaces the null version only
        List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(bucket)).versions();
        assertThat(versions).extracting(ObjectVersion::versionId).containsExactly("null", v1);
        assertThat(get(bucket, "k", "null")).isEqualTo("suspended-2");
        assertThat(get(bucket, "k", v1)).isEqualTo("enabled");

        // a delete while suspended: a null delete marker takes the null version's place
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(deleted.versionId()).isEqualTo("null");
        var listing = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(listing.versions()).extracting(ObjectVersion::versionId).containsExactly(v1);
        assertThat(listing.deleteMarkers()).singleElement().satisfies(m -> {
            assertThat(m.versionId()).isEqualTo("null");
            assertThat(m.isLatest()).isTrue();
            assertThat(m.key()).isEqualTo("k");
        });
        assertThatThrownBy(() -> get(bucket, "k", null)).isInstanceOf(NoSuchKeyException.class);

        // a never-versioned bucket deletes for good
        String plain = bucket(null);
        put(plain, "gone", "x");
        DeleteObjectResponse plainDelete = s3.deleteObject(b -> b.bucket(plain).key("gone"));
        assertThat(plainDelete.deleteMarker()).isNull();
        assertThat(plainDelete.versionId()).isNull();
        var plainListing = s3.listObjectVersions(b -> b.bucket(plain));
        assertThat(plainListing.versions()).isEmpty();
        assertThat(plainListing.deleteMarkers()).isEmpty();
    }

    @Test
    void everyKindOfWriteInASuspendedBucketNamesTheNullVersion() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.putObject(b -> b.bucket(bucket).key("streamed"), RequestBody.fromBytes(new byte[100_000]))
                .versionId()).isEqualTo("null");
        assertThat(s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("streamed").destinationBucket(bucket)
                .destinationKey("copy")).versionId()).isEqualTo("null");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part")).eTag();
        assertThat(s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag)))).versionId()).isEqualTo("null");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(ObjectVersion::versionId)
                .containsOnly("null");
    }

    @Test
    void deleteMarkers() throws Exception {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String v1 = put(bucket, "k", "data");
        DeleteObjectResponse marker = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.versionId()).hasSize(32).isNotEqualTo(v1);

        // the key reads as deleted, saying so
        HttpResponse<String> raw = send("GET", "/" + bucket + "/k", (String) null);
        assertError(raw, 404, "NoSuchKey");
        assertThat(raw.headers().firstValue("x-amz-delete-marker")).contains("true");
        assertThat(raw.headers().firstValue("x-amz-version-id")).contains(marker.versionId());
        S3Exception head = failure(() -> s3.headObject(b -> b.bucket(bucket).key("k")));
        assertFailure(head, 404, null, null);
        assertThat(head.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");
        // the marker asked for by id: 405, for GET and HEAD
        HttpResponse<String> byId = send("GET", "/" + bucket + "/k?versionId=" + marker.versionId(), (String) null);
        assertError(byId, 405, "MethodNotAllowed");
        assertThat(byId.headers().firstValue("x-amz-delete-marker")).contains("true");
        assertThat(byId.headers().firstValue("Last-Modified")).isPresent();
        assertFailure(failure(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(marker.versionId()))), 405, null, null);
        assertFailure(failure(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k"))), 404, "NoSuchKey", null);
        // the old version is still there, the listings skip the key
        assertThat(get(bucket, "k", v1)).isEqualTo("data");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).isEmpty();
        // copying from a deleted key or naming the marker as copy source
        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k")
                .destinationBucket(bucket).destinationKey("c"))), 404, "NoSuchKey", null);
        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").sourceVersionId(marker.versionId())
                .destinationBucket(bucket).destinationKey("c"))), 400, "InvalidRequest", null);

        // deleting the marker by id brings the object back
        DeleteObjectResponse undelete = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker.versionId()));
        assertThat(undelete.deleteMarker()).isTrue();
        assertThat(undelete.versionId()).isEqualTo(marker.versionId());
        assertThat(get(bucket, "k", null)).isEqualTo("data");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).singleElement()
                .satisfies(v -> assertThat(v.isLatest()).isTrue());

        // a delete of a key that never existed still lays a marker
        DeleteObjectResponse nothing = s3.deleteObject(b -> b.bucket(bucket).key("never"));
        assertThat(nothing.deleteMarker()).isTrue();
        // conditional writes see the marker as no object
        s3.putObject(b -> b.bucket(bucket).key("never").ifNoneMatch("*"), RequestBody.fromString("now"));
        assertThat(get(bucket, "never", null)).isEqualTo("now");
        assertFailure(failure(() -> s3.putObject(b -> b.bucket(bucket).key("never").ifNoneMatch("*"),
                RequestBody.fromString("again"))), 412, "PreconditionFailed", null);
    }

    @Test
    void deletingAVersionRemovesItsBytesAndPromotesTheNextNewest() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        byte[] big = new byte[200_000]; // several 64 KiB chunks
        new java.util.Random(7).nextBytes(big);
        String v1 = s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(big)).versionId();
        String v2 = put(bucket, "big", "small");
        long id = S3TestService.jdbc().queryForObject(
                "select id from s3.object where bucket = ? and version_id = ?", Long.class, bucket, v1);
        assertThat(chunks(id)).isGreaterThan(1);

        DeleteObjectResponse gone = s3.deleteObject(b -> b.bucket(bucket).key("big").versionId(v1));
        assertThat(gone.versionId()).isEqualTo(v1);
        assertThat(gone.deleteMarker()).isNull();
        assertThat(chunks(id)).isZero();
        assertFailure(failure(() -> get(bucket, "big", v1)), 404, "NoSuchVersion", null);
        assertThat(get(bucket, "big", null)).isEqualTo("small");

        // deleting the current version makes the next newest current
        String v3 = put(bucket, "big", "newest");
        s3.deleteObject(b -> b.bucket(bucket).key("big").versionId(v3));
        assertThat(get(bucket, "big", null)).isEqualTo("small");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).singleElement()
                .satisfies(v -> {
                    assertThat(v.versionId()).isEqualTo(v2);
                    assertThat(v.isLatest()).isTrue();
                });
        // a version that does not exist: nothing to do
        assertThat(s3.deleteObject(b -> b.bucket(bucket).key("big").versionId(v1)).sdkHttpResponse().statusCode())
                .isEqualTo(204);
    }

    private static long chunks(long blobId) {
        S3TestService.sweepOrphanedBlobs();
        return S3TestService.chunkRows(blobId);
    }

    @Test
    void unknownAndMalformedVersionIds() throws Exception {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        put(bucket, "k", "v");
        String unknown = "A".repeat(32);
        S3Exception noSuchVersion = failure(() -> get(bucket, "k", unknown));
        assertFailure(noSuchVersion, 404, "NoSuchVersion", null);
        assertThat(noSuchVersion.awsErrorDetails().errorMessage()).isEqualTo("The specified version does not exist.");
        assertFailure(failure(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(unknown))), 404, null, null);
        assertFailure(failure(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(unknown))), 404, "NoSuchVersion", null);
        assertFailure(failure(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(unknown)
                .tagging(t -> t.tagSet(s -> s.key("a").value("b"))))), 404, "NoSuchVersion", null);
        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").sourceVersionId(unknown)
                .destinationBucket(bucket).destinationKey("c"))), 404, "NoSuchVersion", null);

        HttpResponse<String> malformed = send("GET", "/" + bucket + "/k?versionId=nope", (String) null);
        assertError(malformed, 400, "InvalidArgument");
        assertThat(malformed.body()).contains("<Message>Invalid version id specified</Message>");
        assertError(send("DELETE", "/" + bucket + "/k?versionId=nope", (String) null), 400, "InvalidArgument");
        assertError(send("GET", "/" + bucket + "/k?tagging&versionId=nope", (String) null), 400, "InvalidArgument");
        assertError(send("PUT", "/" + bucket + "/c", (String) null, "x-amz-copy-source", "/" + bucket + "/k?versionId=nope"),
                400, "InvalidArgument");
        assertThat(get(bucket, "k", null)).isEqualTo("v"); // nothing changed
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(1);
    }

    @Test
    void taggingByVersion() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String v1 = put(bucket, "k", "one");
        String v2 = put(bucket, "k", "two");
        var tagged = s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)
                .tagging(t -> t.tagSet(s -> s.key("old").value("yes"))));
        assertThat(tagged.versionId()).isEqualTo(v1);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)).tagSet())
                .singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("old"));
        var current = s3.getObjectTagging(b -> b.bucket(bucket).key("k"));
        assertThat(current.tagSet()).isEmpty();
        assertThat(current.versionId()).isEqualTo(v2);
        assertThat(s3.deleteObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)).versionId()).isEqualTo(v1);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)).tagSet()).isEmpty();
    }

    @Test
    void objectAttributesByVersion() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String v1 = put(bucket, "k", "one");
        String v2 = put(bucket, "k", "three");
        var old = s3.getObjectAttributes(b -> b.bucket(bucket).key("k").versionId(v1)
                .objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertThat(old.versionId()).isEqualTo(v1);
        assertThat(old.objectSize()).isEqualTo(3);
        var current = s3.getObjectAttributes(b -> b.bucket(bucket).key("k").objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertThat(current.versionId()).isEqualTo(v2);
        assertThat(current.objectSize()).isEqualTo(5);
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThatThrownBy(() -> s3.getObjectAttributes(b -> b.bucket(bucket).key("k")
                .objectAttributes(ObjectAttributes.OBJECT_SIZE)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void deleteObjectsWithVersions() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String a1 = put(bucket, "a", "1");
        put(bucket, "a", "2");
        put(bucket, "b", "1");
        var result = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                o -> o.key("a").versionId(a1),
                o -> o.key("b"),
                o -> o.key("c").versionId("bad"))));
        assertThat(result.deleted()).hasSize(2);
        var a = result.deleted().stream().filter(d -> d.key().equals("a")).findFirst().orElseThrow();
        assertThat(a.versionId()).isEqualTo(a1);
        assertThat(a.deleteMarker()).isNull();
        var b = result.deleted().stream().filter(d -> d.key().equals("b")).findFirst().orElseThrow();
        assertThat(b.deleteMarker()).isTrue();
        assertThat(b.deleteMarkerVersionId()).hasSize(32);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("c");
            assertThat(e.versionId()).isEqualTo("bad");
            assertThat(e.code()).isEqualTo("InvalidArgument");
        });
        // deleting the marker by id through DeleteObjects
        var undo = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(o -> o.key("b").versionId(b.deleteMarkerVersionId()))));
        assertThat(undo.deleted()).singleElement().satisfies(d -> {
            assertThat(d.deleteMarker()).isTrue();
            assertThat(d.deleteMarkerVersionId()).isEqualTo(b.deleteMarkerVersionId());
        });
        assertThat(get(bucket, "b", null)).isEqualTo("1");
        assertThat(s3.listObjectVersions(r -> r.bucket(bucket).prefix("a")).versions()).hasSize(1);
    }

    @Test
    void listObjectVersionsPagesPrefixesAndEncoding() throws Exception {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String[] keys = {"a", "b", "dir/x", "dir/y", "é", "z"};
        java.util.Map<String, List<String>> ids = new java.util.HashMap<>();
        for (String key : keys) {
            for (int i = 0; i < 2; i++) {
                ids.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(0, put(bucket, key, key + i));
            }
        }
        s3.deleteObject(r -> r.bucket(bucket).key("z"));

        // delimiter: dir/ rolls up; keys in UTF-8 byte order ("é", 0xC3 0xA9, after "z")
        var rolled = s3.listObjectVersions(r -> r.bucket(bucket).delimiter("/"));
        assertThat(rolled.commonPrefixes()).singleElement().satisfies(p -> assertThat(p.prefix()).isEqualTo("dir/"));
        assertThat(rolled.versions()).extracting(ObjectVersion::key).containsExactly("a", "a", "b", "b", "z", "z", "é", "é");
        assertThat(rolled.deleteMarkers()).singleElement().satisfies(m -> assertThat(m.key()).isEqualTo("z"));
        assertThat(rolled.versions().stream().filter(v -> v.key().equals("z")).map(ObjectVersion::isLatest))
                .containsOnly(false);

        // prefix
        var dir = s3.listObjectVersions(r -> r.bucket(bucket).prefix("dir/"));
        assertThat(dir.versions()).extracting(ObjectVersion::versionId)
                .containsExactly(ids.get("dir/x").get(0), ids.get("dir/x").get(1), ids.get("dir/y").get(0), ids.get("dir/y").get(1));

        // pages of 3 walk every version and marker exactly once, newest first within a key
        List<String> walked = new java.util.ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        int pages = 0;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            var page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(3).keyMarker(km).versionIdMarker(vm));
            pages++;
            java.util.List<String[]> entries = new java.util.ArrayList<>();
            page.versions().forEach(v -> entries.add(new String[]{v.key(), v.versionId()}));
            page.deleteMarkers().forEach(m -> entries.add(new String[]{m.key(), m.versionId()}));
            assertThat(entries.size()).isLessThanOrEqualTo(3);
            entries.forEach(e -> walked.add(e[0] + "@" + e[1]));
            if (!page.isTruncated()) {
                break;
            }
            assertThat(page.nextKeyMarker()).isNotNull();
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        assertThat(walked).hasSize(13).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(5);
        for (String key : keys) {
            List<String> mine = walked.stream().filter(w -> w.startsWith(key + "@")).toList();
            if (!key.equals("z")) {
                assertThat(mine).containsExactly(key + "@" + ids.get(key).get(0), key + "@" + ids.get(key).get(1));
            }
        }
        // a key marker alone skips every version of that key
        assertThat(s3.listObjectVersions(r -> r.bucket(bucket).keyMarker("dir/y")).versions())
                .extracting(ObjectVersion::key).containsExactly("z", "z", "é", "é");

        // encoding-type=url encodes keys on the wire (the SDK decodes them again)
        HttpResponse<String> encoded = send("GET", "/" + bucket + "?versions&prefix=%C3%A9&encoding-type=url", (String) null);
        assertThat(encoded.body()).contains("<Key>%C3%A9</Key>").contains("<EncodingType>url</EncodingType>")
                .contains("<Prefix>%C3%A9</Prefix>").doesNotContain("<Key>é</Key>");
        assertThat(s3.listObjectVersions(r -> r.bucket(bucket).prefix("é").encodingType("url")).versions())
                .extracting(ObjectVersion::key).containsOnly("é");

        // a version-id marker without a key marker
        S3Exception noKeyMarker = failure(() -> s3.listObjectVersions(r -> r.bucket(bucket).versionIdMarker(ids.get("a").get(0))));
        assertFailure(noKeyMarker, 400, "InvalidArgument", null);
        assertThat(noKeyMarker.awsErrorDetails().errorMessage())
                .isEqualTo("A version-id marker cannot be specified without a key marker.");
    }

    @Test
    void aBucketWithVersionsOrMarkersIsNotEmpty() {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        String v = put(bucket, "k", "x");
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();
        assertFailure(failure(() -> s3.deleteBucket(b -> b.bucket(bucket))), 409, "BucketNotEmpty", null);
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v));
        assertFailure(failure(() -> s3.deleteBucket(b -> b.bucket(bucket))), 409, "BucketNotEmpty", null); // the marker remains
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
        s3.deleteBucket(b -> b.bucket(bucket));
        assertFailure(failure(() -> s3.headBucket(b -> b.bucket(bucket))), 404, null, null);
    }
}
