package dev.overcast.common.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.CodecHarness;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetBucketAclRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

class S3XmlCodecTest {

    final ProtocolCodec codec = ProtocolCodecs.forApi(AwsApiDescriptor.s3(S3Client.class));
    final CodecHarness wire = new CodecHarness(codec);
    // default checksum settings: WHEN_SUPPORTED
    final S3Client s3 = wire.client(S3Client.builder().forcePathStyle(true));

    static final Owner OWNER = Owner.builder().id("75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a")
            .displayName("webfile").build();

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void createBucketWithConfigurationPayload() {
        CreateBucketRequest request = CreateBucketRequest.builder().bucket("my-bucket").acl("private")
                .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint("eu-west-1").build())
                .objectLockEnabledForBucket(true).build();
        CreateBucketResponse response = CreateBucketResponse.builder().location("/my-bucket").build();
        wire.nextResponse = response;
        CreateBucketResponse got = s3.createBucket(request);
        assertThat(wire.lastOperation.name()).isEqualTo("CreateBucket");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        assertThat(wire.lastResponse.contentLength).isZero();
    }

    @Test
    void createBucketWithoutBody() {
        CreateBucketRequest request = CreateBucketRequest.builder().bucket("plain").build();
        wire.nextResponse = CreateBucketResponse.builder().location("/plain").build();
        s3.createBucket(request);
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
    }

    @Test
    void putObjectHeadersAndUserMetadata() {
        PutObjectRequest request = PutObjectRequest.builder().bucket("b").key("dir/hello world+€.txt")
                .contentType("text/plain").cacheControl("no-cache")
                .metadata(Map.of("color", "blue", "owner-name", "ann"))
                .tagging("a=b").storageClass("STANDARD_IA")
                .expires(Instant.parse("2030-01-01T00:00:00Z"))
                .build();
        PutObjectResponse response = PutObjectResponse.builder().eTag("\"abc\"").versionId("v1")
                .serverSideEncryption("AES256").build();
        wire.nextResponse = response;
        PutObjectResponse got = s3.putObject(request, RequestBody.fromString("hello"));
        assertThat(wire.lastOperation.name()).isEqualTo("PutObject");
        PutObjectRequest decoded = (PutObjectRequest) wire.lastDecoded;
        assertThat(decoded.bucket()).isEqualTo("b");
        assertThat(decoded.key()).isEqualTo("dir/hello world+€.txt");
        assertThat(decoded.contentType()).isEqualTo("text/plain");
        assertThat(decoded.cacheControl()).isEqualTo("no-cache");
        assertThat(decoded.metadata()).isEqualTo(Map.of("color", "blue", "owner-name", "ann"));
        assertThat(decoded.tagging()).isEqualTo("a=b");
        assertThat(decoded.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(decoded.expires()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void getObjectHeadOnly() {
        GetObjectResponse response = GetObjectResponse.builder().contentLength(0L).contentType("image/png")
                .eTag("\"e\"").lastModified(Instant.parse("2024-02-03T04:05:06Z"))
                .metadata(Map.of("k", "v")).acceptRanges("bytes").build();
        wire.nextResponse = response;
        GetObjectRequest request = GetObjectRequest.builder().bucket("b").key("k").range("bytes=0-10")
                .ifNoneMatch("\"x\"").ifModifiedSince(Instant.parse("2020-01-01T00:00:00Z")).build();
        GetObjectResponse got = s3.getObjectAsBytes(request).response();
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(got.lastModified()).isEqualTo(Instant.parse("2024-02-03T04:05:06Z"));
        assertThat(got.metadata()).isEqualTo(Map.of("k", "v"));
        assertThat(got.contentType()).isEqualTo("image/png");
        assertThat(wire.lastResponse.header("Last-Modified")).isEqualTo("Sat, 03 Feb 2024 04:05:06 GMT");
    }

    @Test
    void copyObjectHeaderMembersAndPayloadResult() {
        CopyObjectRequest request = CopyObjectRequest.builder().sourceBucket("src").sourceKey("a/b.txt")
                .destinationBucket("dst").destinationKey("c.txt").metadataDirective("REPLACE")
                .metadata(Map.of("x", "1")).copySourceIfMatch("\"etag\"")
                .copySourceIfModifiedSince(Instant.parse("2021-01-01T00:00:00Z")).build();
        CopyObjectResponse response = CopyObjectResponse.builder().copySourceVersionId("sv")
                .copyObjectResult(CopyObjectResult.builder().eTag("\"new\"")
                        .lastModified(Instant.parse("2024-06-07T08:09:10.500Z")).build()).build();
        wire.nextResponse = response;
        CopyObjectResponse got = s3.copyObject(request);
        assertThat(wire.lastOperation.name()).isEqualTo("CopyObject");
        CopyObjectRequest decoded = (CopyObjectRequest) wire.lastDecoded;
        assertThat(decoded.copySource()).isEqualTo("src/a/b.txt");
        assertThat(decoded.bucket()).isEqualTo("dst");
        assertThat(decoded.key()).isEqualTo("c.txt");
        assertThat(decoded.metadataDirectiveAsString()).isEqualTo("REPLACE");
        assertThat(decoded.metadata()).isEqualTo(Map.of("x", "1"));
        assertThat(decoded.copySourceIfMatch()).isEqualTo("\"etag\"");
        assertThat(decoded.copySourceIfModifiedSince()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(wire.lastResponse.bodyText()).contains("<CopyObjectResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .contains("<LastModified>2024-06-07T08:09:10.500Z</LastModified>");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void deleteObjects() {
        DeleteObjectsRequest request = DeleteObjectsRequest.builder().bucket("b").delete(Delete.builder().quiet(false)
                .objects(ObjectIdentifier.builder().key("a").build(),
                        ObjectIdentifier.builder().key("b & <c>").versionId("v2").build()).build()).build();
        DeleteObjectsResponse response = DeleteObjectsResponse.builder()
                .deleted(DeletedObject.builder().key("a").build(),
                        DeletedObject.builder().key("b & <c>").versionId("v2").deleteMarker(true)
                                .deleteMarkerVersionId("dm").build())
                .errors(S3Error.builder().key("z").code("AccessDenied").message("Access Denied").build())
                .build();
        wire.nextResponse = response;
        DeleteObjectsResponse got = s3.deleteObjects(request);
        DeleteObjectsRequest decoded = (DeleteObjectsRequest) wire.lastDecoded;
        assertThat(decoded.bucket()).isEqualTo("b");
        assertThat(decoded.delete().equalsBySdkFields(request.delete())).as("decoded %s", decoded).isTrue();
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void listObjectsV2WithContentsAndCommonPrefixes() {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket("b").prefix("photos/").delimiter("/")
                .maxKeys(2).continuationToken("tok en").fetchOwner(true).startAfter("a").build();
        ListObjectsV2Response response = ListObjectsV2Response.builder().name("b").prefix("photos/").delimiter("/")
                .maxKeys(2).keyCount(3).isTruncated(true).nextContinuationToken("next").continuationToken("tok en")
                .contents(S3Object.builder().key("photos/1.jpg").size(1234L).eTag("\"e1\"")
                                .lastModified(Instant.parse("2024-01-01T10:00:00.123Z")).storageClass("STANDARD")
                                .owner(OWNER).build(),
                        S3Object.builder().key("photos/2.jpg").size(0L).eTag("\"e2\"")
                                .lastModified(Instant.parse("2024-01-02T10:00:00Z")).build())
                .commonPrefixes(CommonPrefix.builder().prefix("photos/2023/").build(),
                        CommonPrefix.builder().prefix("photos/2024/").build())
                .build();
        wire.nextResponse = response;
        ListObjectsV2Response got = s3.listObjectsV2(request);
        assertThat(wire.lastOperation.name()).isEqualTo("ListObjectsV2");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void listBucketsWithTimestamps() {
        ListBucketsResponse response = ListBucketsResponse.builder().owner(OWNER)
                .buckets(Bucket.builder().name("a").creationDate(Instant.parse("2019-10-12T17:50:30Z")).build(),
                        Bucket.builder().name("b").creationDate(Instant.parse("2020-01-02T03:04:05.678Z")).build())
                .build();
        wire.nextResponse = response;
        ListBucketsResponse got = s3.listBuckets(ListBucketsRequest.builder().build());
        assertThat(wire.lastOperation.name()).isEqualTo("ListBuckets");
        assertThat(wire.lastResponse.bodyText()).contains("<CreationDate>2019-10-12T17:50:30.000Z</CreationDate>");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void xmlRootOfTheOperationAndEmptyBodies() throws Exception {
        var op = codec.operations().stream().filter(o -> o.name().equals("ListBuckets")).findFirst().orElseThrow()
                .withXmlRoot("ListAllMyBucketsResult");
        var out = new dev.overcast.common.protocol.TestHttpResponse();
        codec.writeResponse(ListBucketsResponse.builder().owner(OWNER).build(), op, out);
        assertThat(out.bodyText()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner>");
        assertThat(out.header("Content-Type")).isEqualTo("application/xml");
        assertThat(out.contentLength).isEqualTo(out.body.size());

        var head = codec.operations().stream().filter(o -> o.name().equals("HeadObject")).findFirst().orElseThrow();
        var headOut = new dev.overcast.common.protocol.TestHttpResponse();
        codec.writeResponseHead(software.amazon.awssdk.services.s3.model.HeadObjectResponse.builder()
                .contentLength(42L).eTag("\"x\"").metadata(Map.of("a", "b")).build(), head, 200, headOut);
        assertThat(headOut.status).isEqualTo(200);
        assertThat(headOut.header("Content-Length")).isEqualTo("42");
        assertThat(headOut.header("x-amz-meta-a")).isEqualTo("b");
        assertThat(headOut.body.size()).isZero();
    }

    @Test
    void taggingBothWays() {
        PutBucketTaggingRequest put = PutBucketTaggingRequest.builder().bucket("b").tagging(Tagging.builder()
                .tagSet(Tag.builder().key("env").value("prod").build(), Tag.builder().key("k2").value("").build())
                .build()).build();
        wire.nextResponse = PutBucketTaggingResponse.builder().build();
        s3.putBucketTagging(put);
        PutBucketTaggingRequest decoded = (PutBucketTaggingRequest) wire.lastDecoded;
        assertThat(decoded.tagging().equalsBySdkFields(put.tagging())).as("decoded %s", decoded).isTrue();

        GetObjectTaggingResponse response = GetObjectTaggingResponse.builder().versionId("v3")
                .tagSet(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()).build();
        wire.nextResponse = response;
        GetObjectTaggingRequest request = GetObjectTaggingRequest.builder().bucket("b").key("k").versionId("v3").build();
        GetObjectTaggingResponse got = s3.getObjectTagging(request);
        assertThat(wire.lastOperation.name()).isEqualTo("GetObjectTagging");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).isTrue();
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void aclWithXsiTypeAttribute() {
        GetBucketAclResponse response = GetBucketAclResponse.builder().owner(OWNER)
                .grants(Grant.builder().grantee(Grantee.builder().type("CanonicalUser").id(OWNER.id())
                                .displayName("webfile").build()).permission("FULL_CONTROL").build(),
                        Grant.builder().grantee(Grantee.builder().type("Group")
                                .uri("http://acs.amazonaws.com/groups/global/AllUsers").build()).permission("READ").build())
                .build();
        wire.nextResponse = response;
        GetBucketAclResponse got = s3.getBucketAcl(GetBucketAclRequest.builder().bucket("b").build());
        assertThat(wire.lastResponse.bodyText()).contains("xsi:type=\"CanonicalUser\"");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void stringPayloads() {
        wire.nextResponse = GetBucketLocationResponse.builder().locationConstraint("eu-west-1").build();
        assertThat(s3.getBucketLocation(b -> b.bucket("b")).locationConstraintAsString()).isEqualTo("eu-west-1");
        assertThat(wire.lastResponse.bodyText()).endsWith(
                "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>");
        wire.nextResponse = GetBucketPolicyResponse.builder().policy("{\"Version\":\"2012-10-17\"}").build();
        assertThat(s3.getBucketPolicy(b -> b.bucket("b")).policy()).isEqualTo("{\"Version\":\"2012-10-17\"}");
        assertThat(wire.lastResponse.bodyText()).isEqualTo("{\"Version\":\"2012-10-17\"}");
        PutBucketPolicyRequest put = PutBucketPolicyRequest.builder().bucket("b").policy("{\"a\":[1]}").build();
        wire.nextResponse = PutBucketPolicyResponse.builder().build();
        s3.putBucketPolicy(put);
        assertThat(((PutBucketPolicyRequest) wire.lastDecoded).policy()).isEqualTo("{\"a\":[1]}");
    }

    @Test
    void putBucketAclWithXsiTypeInTheRequest() {
        software.amazon.awssdk.services.s3.model.AccessControlPolicy policy =
                software.amazon.awssdk.services.s3.model.AccessControlPolicy.builder().owner(OWNER)
                        .grants(Grant.builder().grantee(Grantee.builder().type("CanonicalUser").id(OWNER.id()).build())
                                .permission("FULL_CONTROL").build()).build();
        var request = software.amazon.awssdk.services.s3.model.PutBucketAclRequest.builder().bucket("b")
                .accessControlPolicy(policy).build();
        wire.nextResponse = software.amazon.awssdk.services.s3.model.PutBucketAclResponse.builder().build();
        s3.putBucketAcl(request);
        var decoded = (software.amazon.awssdk.services.s3.model.PutBucketAclRequest) wire.lastDecoded;
        assertThat(decoded.accessControlPolicy().equalsBySdkFields(policy)).as("decoded %s", decoded).isTrue();
    }

    @Test
    void multipartUpload() {
        var complete = software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest.builder().bucket("b")
                .key("big/file.bin").uploadId("up-1")
                .multipartUpload(software.amazon.awssdk.services.s3.model.CompletedMultipartUpload.builder().parts(
                        software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag("\"a\"").build(),
                        software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2).eTag("\"b\"").build())
                        .build()).build();
        var done = software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse.builder()
                .location("http://localhost:4566/b/big/file.bin").bucket("b").key("big/file.bin").eTag("\"abc-2\"")
                .versionId("v9").build();
        wire.nextResponse = done;
        var got = s3.completeMultipartUpload(complete);
        assertThat(wire.lastOperation.name()).isEqualTo("CompleteMultipartUpload");
        var decoded = (software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest) wire.lastDecoded;
        assertThat(decoded.uploadId()).isEqualTo("up-1");
        assertThat(decoded.key()).isEqualTo("big/file.bin");
        assertThat(decoded.multipartUpload().equalsBySdkFields(complete.multipartUpload())).as("decoded %s", decoded)
                .isTrue();
        assertThat(got.equalsBySdkFields(done)).as("parsed %s", got).isTrue();

        var parts = software.amazon.awssdk.services.s3.model.ListPartsResponse.builder().bucket("b").key("k")
                .uploadId("up-1").isTruncated(false).maxParts(1000).owner(OWNER).storageClass("STANDARD")
                .parts(software.amazon.awssdk.services.s3.model.Part.builder().partNumber(1).size(5L).eTag("\"a\"")
                        .lastModified(Instant.parse("2024-01-01T00:00:00Z")).build()).build();
        wire.nextResponse = parts;
        var gotParts = s3.listParts(b -> b.bucket("b").key("k").uploadId("up-1").maxParts(1000));
        assertThat(wire.lastOperation.name()).isEqualTo("ListParts");
        assertThat(gotParts.equalsBySdkFields(parts)).as("parsed %s", gotParts).isTrue();
    }

    @Test
    void listObjectVersionsFlattenedLists() {
        var response = software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse.builder().name("b")
                .isTruncated(false).maxKeys(1000)
                .versions(software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key("k").versionId("v2")
                                .isLatest(true).size(3L).lastModified(Instant.parse("2024-01-01T00:00:01Z")).build(),
                        software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key("k").versionId("v1")
                                .isLatest(false).size(2L).lastModified(Instant.parse("2024-01-01T00:00:00Z")).build())
                .deleteMarkers(software.amazon.awssdk.services.s3.model.DeleteMarkerEntry.builder().key("gone")
                        .versionId("dm1").isLatest(true).owner(OWNER)
                        .lastModified(Instant.parse("2024-01-02T00:00:00Z")).build())
                .build();
        wire.nextResponse = response;
        var got = s3.listObjectVersions(b -> b.bucket("b").prefix("").keyMarker("a"));
        assertThat(wire.lastOperation.name()).isEqualTo("ListObjectVersions");
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
    }

    @Test
    void modeledErrors() {
        wire.nextError = new AwsException("NoSuchKey", 404, "The specified key does not exist.").with("Key", "k");
        assertThatThrownBy(() -> s3.getObjectAsBytes(GetObjectRequest.builder().bucket("b").key("k").build()))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified key does not exist.");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
        wire.nextError = new AwsException("NoSuchBucket", 404, "The specified bucket does not exist.")
                .with("BucketName", "b");
        assertThatThrownBy(() -> s3.listObjectsV2(ListObjectsV2Request.builder().bucket("b").build()))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
        wire.nextError = new AwsException("NoSuchKey", 404, "The specified key does not exist.");
        assertThatThrownBy(() -> s3.headObject(HeadObjectRequest.builder().bucket("b").key("k").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(wire.lastResponse.body.size()).isZero();
        wire.nextError = new AwsException("AccessDenied", 403, "Access Denied");
        assertThatThrownBy(() -> s3.listBuckets())
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access Denied");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
    }
}
