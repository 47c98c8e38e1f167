package dev.overcast.s3.acl;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * ACL grants decide access for other accounts of the suite where the bucket's ownership allows ACLs: the bucket's
 * grants for listing, writing and its ACL, the object's for reading it and its ACL; a policy's explicit Deny still
 * wins; BucketOwnerEnforced turns every grant off.
 */
class AclAccessTest {

    private static final S3Client OWNER = S3TestService.client();
    private static final S3Client OTHER = S3TestService.client("111111111111", "us-east-1");
    private static final S3Client THIRD = S3TestService.client("333333333333", "us-east-1");

    /** The owner's grants plus one to the other account's canonical user (as ListBuckets shows it to that account). */
    private static AccessControlPolicy withGrantToOther(Permission... permissions) {
        Owner owner = OWNER.listBuckets().owner();
        String other = OTHER.listBuckets().owner().id();
        AccessControlPolicy.Builder p = AccessControlPolicy.builder().owner(owner);
        java.util.List<Grant> grants = new java.util.ArrayList<>();
        grants.add(Grant.builder().grantee(g -> g.type(Type.CANONICAL_USER).id(owner.id()))
                .permission(Permission.FULL_CONTROL).build());
        for (Permission permission : permissions) {
            grants.add(Grant.builder().grantee(g -> g.type(Type.CANONICAL_USER).id(other)).permission(permission).build());
        }
        return p.grants(grants).build();
    }

    @Test
    void bucketAndObjectGrantsDecideWhatAnotherAccountMayDo() {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket).objectOwnership(ObjectOwnership.OBJECT_WRITER));
        OWNER.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        assertFailure(failure(() -> OTHER.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", "Access Denied");

        OWNER.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(withGrantToOther(Permission.READ)));
        assertThat(OTHER.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("k");
        // bucket READ lists; reading an object takes the object's own ACL
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        assertFailure(failure(() -> OTHER.putObject(b -> b.bucket(bucket).key("o"), RequestBody.fromString("o"))), 403,
                "AccessDenied", null);
        assertFailure(failure(() -> OTHER.getBucketAcl(b -> b.bucket(bucket))), 403, "AccessDenied", null);
        assertFailure(failure(() -> THIRD.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);

        OWNER.putObjectAcl(b -> b.bucket(bucket).key("k").accessControlPolicy(withGrantToOther(Permission.READ)));
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
        assertFailure(failure(() -> OTHER.getObjectAcl(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        assertFailure(failure(() -> THIRD.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);

        // WRITE and READ_ACP on the bucket: the other account uploads, and reads the bucket's ACL
        OWNER.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(withGrantToOther(Permission.WRITE,
                Permission.READ_ACP)));
        OTHER.putObject(b -> b.bucket(bucket).key("o"), RequestBody.fromString("o"));
        // ObjectWriter: the writer owns what it writes; the bucket's owner reads it once the writer grants it
        assertFailure(failure(() -> OWNER.getObject(b -> b.bucket(bucket).key("o"))), 403, "AccessDenied", null);
        OTHER.putObject(b -> b.bucket(bucket).key("o").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL),
                RequestBody.fromString("o"));
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("o")).asUtf8String()).isEqualTo("o");
        assertThat(OTHER.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(3);
        assertFailure(failure(() -> OTHER.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);
        assertFailure(failure(() -> OTHER.putBucketAcl(b -> b.bucket(bucket)
                .accessControlPolicy(withGrantToOther(Permission.FULL_CONTROL)))), 403, "AccessDenied", null);

        // authenticated-read: any signed account reads the object, the anonymous principal does not
        OWNER.putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ));
        assertThat(THIRD.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");

        // a policy's explicit Deny wins over a grant
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Deny\",\"Principal\":{\"AWS\":\"333333333333\"},\"Action\":\"s3:GetObject\",\"Resource\":"
                + "\"arn:aws:s3:::" + bucket + "/*\"}]}"));
        assertFailure(failure(() -> THIRD.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");

        // BucketOwnerEnforced: ACLs are disabled, and no grant counts any more
        OWNER.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r -> r
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        assertFailure(failure(() -> OTHER.putObject(b -> b.bucket(bucket).key("o2"), RequestBody.fromString("o"))), 403,
                "AccessDenied", null);
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
    }

    @Test
    void fullControlOnTheBucketCoversItsAclAndWrites() {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED));
        OWNER.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(withGrantToOther(Permission.FULL_CONTROL)));
        OTHER.putObject(b -> b.bucket(bucket).key("f"), RequestBody.fromString("f"));
        assertThat(OTHER.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
        OTHER.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(withGrantToOther(Permission.READ)));
        assertFailure(failure(() -> OTHER.putObject(b -> b.bucket(bucket).key("g"), RequestBody.fromString("g"))), 403,
                "AccessDenied", null);
        // bucket settings other than its ACL stay the owner's
        assertFailure(failure(() -> OTHER.getBucketPolicy(b -> b.bucket(bucket))), 403, "AccessDenied", null);
    }
}
