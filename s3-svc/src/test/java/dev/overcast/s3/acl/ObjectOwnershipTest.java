package dev.overcast.s3.acl;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.overcast.s3.S3TestService;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;

/**
 * The ACL a write names (PutObject, CopyObject, CreateMultipartUpload; canned or {@code x-amz-grant-*}) is the new
 * version's ACL, and ObjectOwnership decides who owns it: the bucket's owner with ACLs disabled, the writer under
 * ObjectWriter, the bucket's owner under BucketOwnerPreferred when the write says {@code bucket-owner-full-control}.
 * Two accounts of the suite, the other let in by the bucket's policy.
 */
class ObjectOwnershipTest {

    private static final S3Client OWNER = S3TestService.client();
    private static final S3Client OTHER = S3TestService.client("111111111111", "us-east-1");
    private static final S3Client THIRD = S3TestService.client("333333333333", "us-east-1");
    private static final S3Client FOURTH = S3TestService.client("444444444444", "us-east-1");
    private static final String NOT_SUPPORTED = "The bucket does not allow ACLs";
    private static final String AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    private static String ownerId() {
        return OWNER.listBuckets().owner().id();
    }

    private static String otherId() {
        return OTHER.listBuckets().owner().id();
    }

    /** A bucket of OWNER's with the ObjectOwnership, whose policy lets OTHER put, list and read. */
    private static String bucket(ObjectOwnership ownership) {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket).objectOwnership(ownership));
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":[\"s3:PutObject\","
                + "\"s3:GetObject\",\"s3:ListBucket\",\"s3:ListBucketVersions\"],\"Resource\":[\"arn:aws:s3:::" + bucket
                + "\",\"arn:aws:s3:::" + bucket + "/*\"]}]}"));
        return bucket;
    }

    private static void put(S3Client client, String bucket, String key, ObjectCannedACL acl) {
        client.putObject(b -> b.bucket(bucket).key(key).acl(acl), RequestBody.fromString(key));
    }

    private static String read(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void theCannedAclOfEachWriteIsTheNewObjectsAcl() {
        String bucket = bucket(ObjectOwnership.OBJECT_WRITER);
        put(OWNER, bucket, "put", ObjectCannedACL.AUTHENTICATED_READ);
        GetObjectAclResponse acl = OWNER.getObjectAcl(b -> b.bucket(bucket).key("put"));
        assertThat(acl.owner().id()).isEqualTo(ownerId());
        assertThat(acl.grants()).extracting(g -> g.grantee().id(), g -> g.grantee().uri(), Grant::permission)
                .containsExactly(tuple(ownerId(), null, Permission.FULL_CONTROL),
                        tuple(null, AUTHENTICATED, Permission.READ));
        assertThat(read(THIRD, bucket, "put")).isEqualTo("put"); // the grant decides: any signed account reads it

        // a copy takes the ACL its request names, never its source's
        OWNER.copyObject(b -> b.sourceBucket(bucket).sourceKey("put").destinationBucket(bucket).destinationKey("copy"));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("copy")).grants()).singleElement()
                .satisfies(g -> assertThat(g.grantee().id()).isEqualTo(ownerId()));
        assertFailure(failure(() -> read(THIRD, bucket, "copy")), 403, "AccessDenied", "Access Denied");
        OWNER.copyObject(b -> b.sourceBucket(bucket).sourceKey("put").destinationBucket(bucket).destinationKey("copy")
                .acl(ObjectCannedACL.PUBLIC_READ));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("copy")).grants()).extracting(g -> g.grantee().uri())
                .containsExactly(null, "http://acs.amazonaws.com/groups/global/AllUsers");
        assertThat(read(THIRD, bucket, "copy")).isEqualTo("put");

        // a multipart upload's ACL is the completed object's
        String uploadId = OWNER.createMultipartUpload(b -> b.bucket(bucket).key("mpu")
                .acl(ObjectCannedACL.AUTHENTICATED_READ)).uploadId();
        String etag = OWNER.uploadPart(b -> b.bucket(bucket).key("mpu").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("parts")).eTag();
        OWNER.completeMultipartUpload(b -> b.bucket(bucket).key("mpu").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("mpu")).grants()).extracting(g -> g.grantee().uri())
                .containsExactly(null, AUTHENTICATED);
        assertThat(read(THIRD, bucket, "mpu")).isEqualTo("parts");
    }

    @Test
    void grantHeadersAreTheAclExactly() {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_PREFERRED);
        String third = THIRD.listBuckets().owner().id();
        OWNER.putObject(b -> b.bucket(bucket).key("g").grantRead("id=\"" + third + "\"")
                .grantReadACP("uri=\"" + AUTHENTICATED + "\", id=" + third), RequestBody.fromString("g"));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("g")).grants())
                .extracting(g -> g.grantee().id(), g -> g.grantee().uri(), Grant::permission)
                .containsExactly(tuple(third, null, Permission.READ), tuple(null, AUTHENTICATED, Permission.READ_ACP),
                        tuple(third, null, Permission.READ_ACP));
        assertThat(read(THIRD, bucket, "g")).isEqualTo("g");
        assertThat(FOURTH.getObjectAcl(b -> b.bucket(bucket).key("g")).grants()).hasSize(3); // any signed account
        assertFailure(failure(() -> read(FOURTH, bucket, "g")), 403, "AccessDenied", null);
        assertThat(read(OWNER, bucket, "g")).isEqualTo("g"); // the owner needs no grant

        // PutObjectAcl takes grant headers too
        OWNER.putObjectAcl(b -> b.bucket(bucket).key("g").grantFullControl("id=\"" + otherId() + "\""));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("g")).grants()).singleElement()
                .satisfies(g -> assertThat(g.grantee().id()).isEqualTo(otherId()));
        assertFailure(failure(() -> read(THIRD, bucket, "g")), 403, "AccessDenied", null);
    }

    @Test
    void aclErrorsAreS3s() {
        String bucket = bucket(ObjectOwnership.OBJECT_WRITER);
        assertFailure(failure(() -> OWNER.putObject(b -> b.bucket(bucket).key("e").acl(ObjectCannedACL.PRIVATE)
                .grantRead("id=\"" + otherId() + "\""), RequestBody.fromString("e"))), 400, "InvalidRequest",
                "Specifying both Canned ACLs and Header Grants is not allowed");
        assertFailure(failure(() -> OWNER.putObject(b -> b.bucket(bucket).key("e").grantRead("someone"),
                RequestBody.fromString("e"))), 400, "InvalidArgument", "Argument format not recognized");
        assertFailure(failure(() -> OWNER.putObject(b -> b.bucket(bucket).key("e").acl("world-readable"),
                RequestBody.fromString("e"))), 400, "InvalidArgument", null);
        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        assertFailure(failure(() -> put(OWNER, bucket, "e", ObjectCannedACL.PUBLIC_READ)), 403, "AccessDenied",
                "Access Denied");
        assertFailure(failure(() -> OWNER.createMultipartUpload(b -> b.bucket(bucket).key("e")
                .grantRead("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""))), 403, "AccessDenied", null);
        put(OWNER, bucket, "e", ObjectCannedACL.PRIVATE);
        assertThat(OWNER.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("e");
    }

    @Test
    void bucketOwnerEnforcedTakesOnlyBucketOwnerFullControlAndOwnsEverything() {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        for (ObjectCannedACL refused : List.of(ObjectCannedACL.PRIVATE, ObjectCannedACL.PUBLIC_READ,
                ObjectCannedACL.AUTHENTICATED_READ, ObjectCannedACL.BUCKET_OWNER_READ)) {
            assertFailure(failure(() -> put(OWNER, bucket, "k", refused)), 400, "AccessControlListNotSupported",
                    NOT_SUPPORTED);
        }
        assertFailure(failure(() -> OWNER.putObject(b -> b.bucket(bucket).key("k").grantRead("id=\"" + otherId() + "\""),
                RequestBody.fromString("k"))), 400, "AccessControlListNotSupported", NOT_SUPPORTED);
        assertFailure(failure(() -> OWNER.createMultipartUpload(b -> b.bucket(bucket).key("k")
                .acl(ObjectCannedACL.AUTHENTICATED_READ))), 400, "AccessControlListNotSupported", NOT_SUPPORTED);
        put(OWNER, bucket, "k", ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
        OWNER.putObject(b -> b.bucket(bucket).key("k").grantFullControl("id=\"" + ownerId() + "\""),
                RequestBody.fromString("k")); // the same grant spelled out
        assertFailure(failure(() -> OWNER.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket)
                .destinationKey("c").acl(ObjectCannedACL.PUBLIC_READ))), 400, "AccessControlListNotSupported",
                NOT_SUPPORTED);
        assertFailure(failure(() -> OWNER.putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PRIVATE))),
                400, "AccessControlListNotSupported", NOT_SUPPORTED);

        // another account's write is the bucket owner's object, and reads of its ACL show the owner's full control
        put(OTHER, bucket, "theirs", ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
        OTHER.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("plain"));
        for (String key : List.of("theirs", "plain")) {
            GetObjectAclResponse acl = OWNER.getObjectAcl(b -> b.bucket(bucket).key(key));
            assertThat(acl.owner().id()).isEqualTo(ownerId());
            assertThat(acl.grants()).extracting(g -> g.grantee().id(), Grant::permission)
                    .containsExactly(tuple(ownerId(), Permission.FULL_CONTROL));
            assertThat(read(OWNER, bucket, key)).isEqualTo(key);
        }
        assertThat(OWNER.listObjectsV2(b -> b.bucket(bucket).fetchOwner(true)).contents())
                .extracting(o -> o.owner().id()).containsOnly(ownerId());
    }

    @Test
    void objectWriterMakesTheWritingAccountTheOwner() {
        String bucket = bucket(ObjectOwnership.OBJECT_WRITER);
        OWNER.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        put(OWNER, bucket, "mine", ObjectCannedACL.PRIVATE);
        OTHER.putObject(b -> b.bucket(bucket).key("theirs"), RequestBody.fromString("theirs"));

        GetObjectAclResponse acl = OTHER.getObjectAcl(b -> b.bucket(bucket).key("theirs"));
        assertThat(acl.owner().id()).isEqualTo(otherId());
        assertThat(acl.grants()).extracting(g -> g.grantee().id(), Grant::permission)
                .containsExactly(tuple(otherId(), Permission.FULL_CONTROL));
        assertThat(OWNER.listObjectsV2(b -> b.bucket(bucket).fetchOwner(true)).contents())
                .extracting(o -> o.key(), o -> o.owner().id())
                .containsExactly(tuple("mine", ownerId()), tuple("theirs", otherId()));
        assertThat(OWNER.listObjects(b -> b.bucket(bucket)).contents()).extracting(o -> o.owner().id())
                .containsExactly(ownerId(), otherId());
        assertThat(OTHER.listObjectVersions(b -> b.bucket(bucket)).versions())
                .extracting(v -> v.key(), v -> v.owner().id())
                .containsExactly(tuple("mine", ownerId()), tuple("theirs", otherId()));

        // the bucket's owner does not own it: no read, no ACL, until the writer grants it; deleting stays its right
        assertFailure(failure(() -> read(OWNER, bucket, "theirs")), 403, "AccessDenied", "Access Denied");
        assertFailure(failure(() -> OWNER.getObjectAcl(b -> b.bucket(bucket).key("theirs"))), 403, "AccessDenied", null);
        assertThat(read(OTHER, bucket, "theirs")).isEqualTo("theirs");
        OTHER.putObjectAcl(b -> b.bucket(bucket).key("theirs").acl(ObjectCannedACL.BUCKET_OWNER_READ));
        assertThat(read(OWNER, bucket, "theirs")).isEqualTo("theirs");
        assertFailure(failure(() -> OWNER.getObjectAcl(b -> b.bucket(bucket).key("theirs"))), 403, "AccessDenied",
                null); // READ is no READ_ACP
    }

    @Test
    void theBucketsPolicyCannotGrantAnObjectAnotherAccountOwns() {
        String bucket = bucket(ObjectOwnership.OBJECT_WRITER);
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111111111111\",\"333333333333\"]},"
                + "\"Action\":[\"s3:PutObject\",\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + bucket + "/denied/*\"}]}"));
        put(OWNER, bucket, "mine", ObjectCannedACL.PRIVATE);
        put(OTHER, bucket, "theirs", ObjectCannedACL.PRIVATE);
        put(OTHER, bucket, "shared", ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
        put(OTHER, bucket, "denied/x", ObjectCannedACL.PRIVATE);
        assertThat(read(THIRD, bucket, "mine")).isEqualTo("mine");
        assertFailure(failure(() -> read(THIRD, bucket, "theirs")), 403, "AccessDenied", null);
        assertFailure(failure(() -> read(THIRD, bucket, "shared")), 403, "AccessDenied", null);
        // bucket-owner-full-control: the bucket's owner reads it, though the writer still owns it
        assertThat(read(OWNER, bucket, "shared")).isEqualTo("shared");
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("shared")).grants())
                .extracting(g -> g.grantee().id(), Grant::permission)
                .containsExactly(tuple(otherId(), Permission.FULL_CONTROL), tuple(ownerId(), Permission.FULL_CONTROL));
        // the policy's explicit Deny still refuses the object's own writer
        assertFailure(failure(() -> read(OTHER, bucket, "denied/x")), 403, "AccessDenied", null);
        OWNER.deleteObject(b -> b.bucket(bucket).key("theirs"));
        assertThat(OWNER.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                .containsExactly("denied/x", "mine", "shared");
    }

    @Test
    void bucketOwnerPreferredTakesWhatIsWrittenWithBucketOwnerFullControl() {
        String bucket = bucket(ObjectOwnership.BUCKET_OWNER_PREFERRED);
        put(OTHER, bucket, "given", ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
        OTHER.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("kept"));
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("given")).owner().id()).isEqualTo(ownerId());
        assertThat(OWNER.getObjectAcl(b -> b.bucket(bucket).key("given")).grants()).singleElement()
                .satisfies(g -> assertThat(g.grantee().id()).isEqualTo(ownerId()));
        assertThat(OTHER.getObjectAcl(b -> b.bucket(bucket).key("kept")).owner().id()).isEqualTo(otherId());
        assertThat(OWNER.listObjectsV2(b -> b.bucket(bucket).fetchOwner(true)).contents())
                .extracting(o -> o.key(), o -> o.owner().id())
                .containsExactly(tuple("given", ownerId()), tuple("kept", otherId()));
        // the bucket's owner now owns "given": its policy (which lets OTHER read) decides
        assertThat(read(OTHER, bucket, "given")).isEqualTo("given");
        assertFailure(failure(() -> read(OWNER, bucket, "kept")), 403, "AccessDenied", null);
    }
}
