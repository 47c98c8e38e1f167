package dev.overcast.s3.acl;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;

/** ObjectOwnership and ACLs through the SDK: disabled by default (BucketOwnerEnforced), stored where allowed. */
class AclTest {

    private static final S3Client S3 = S3TestService.client();

    @Test
    void bucketOwnerEnforcedRefusesAclsAndOtherOwnershipsStoreThem() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        assertThat(S3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules().get(0).objectOwnership())
                .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertFailure(failure(() -> S3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ))), 400,
                "AccessControlListNotSupported", "The bucket does not allow ACLs");
        assertFailure(failure(() -> S3.putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("x"))), 400, "AccessControlListNotSupported", "The bucket does not allow ACLs");
        S3.putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("x"));
        var acl = S3.getBucketAcl(b -> b.bucket(bucket));
        assertThat(acl.grants()).singleElement().satisfies(g -> {
            assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
            assertThat(g.grantee().id()).isEqualTo(acl.owner().id());
        });
        assertFailure(failure(() -> S3.createBucket(b -> b.bucket(S3TestService.bucketName())
                .acl(BucketCannedACL.PUBLIC_READ))), 400, "InvalidBucketAclWithObjectOwnership",
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");

        S3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r -> r
                .objectOwnership(ObjectOwnership.OBJECT_WRITER))));
        S3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        assertThat(S3.getBucketAcl(b -> b.bucket(bucket)).grants()).extracting(Grant::permission)
                .containsExactly(Permission.FULL_CONTROL, Permission.READ);
        S3.putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ));
        assertThat(S3.getObjectAcl(b -> b.bucket(bucket).key("k")).grants()).extracting(g -> g.grantee().uri())
                .containsExactly(null, "http://acs.amazonaws.com/groups/global/AuthenticatedUsers");

        S3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        assertFailure(failure(() -> S3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE))), 403,
                "AccessDenied", null);
        S3.deleteBucketOwnershipControls(b -> b.bucket(bucket));
        assertFailure(failure(() -> S3.getBucketOwnershipControls(b -> b.bucket(bucket))), 404,
                "OwnershipControlsNotFoundError", "The bucket ownership controls were not found");
    }
}
