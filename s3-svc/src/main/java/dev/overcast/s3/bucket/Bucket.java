package dev.overcast.s3.bucket;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Errors;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * A bucket row, with its default encryption and its versioning state ({@code versioning} null when versioning was
 * never configured, else {@code Enabled} or {@code Suspended}; {@code mfaDelete} null when never set), and the row
 * version it was read at ({@code xmin}; 0 for a bucket not read from the database), and its event notification
 * configuration as stored (JSON, see {@code notification.NotificationRules}; null when it has none), its lifecycle
 * configuration (the SDK shape as JSON, see {@code ModelJson}; null: none) with its
 * TransitionDefaultMinimumObjectSize (null: the default), its Object Lock configuration (the shape as JSON; null: none
 * set, see {@code objectLockEnabled} for whether the bucket has Object Lock), its policy (the document as sent; null:
 * none) and PublicAccessBlock configuration (the shape as JSON; null: none).
 * {@code objectOwnership} is null once the ownership controls were deleted (ACLs then enabled, as ObjectWriter).
 * {@code requestPayer} is {@code Requester} when requester pays is on (null: the bucket owner pays).
 * {@code acl} is the bucket's ACL grants as stored (an AccessControlPolicy as JSON; null: the owner's alone).
 */
public record Bucket(String name, String accountId, String region, Instant createdAt, String objectOwnership,
                     boolean objectLockEnabled, Encryption encryption, String versioning, String mfaDelete,
                     long version, String notification, String lifecycle,
                     String transitionMinSize, String objectLock, String policy,
                     String publicAccessBlock, String requestPayer, String acl) {

    public static final String OWNER_ENFORCED = "BucketOwnerEnforced";

    /** Whether ACLs are disabled (ObjectOwnership BucketOwnerEnforced): a write naming any other ACL is refused. */
    public boolean aclsDisabled() {
        return OWNER_ENFORCED.equals(objectOwnership);
    }

    /**
     * Throws what S3 answers to a request naming an ACL this bucket refuses: with ACLs disabled, AccessControlListNotSupported
     * for any ACL but {@code bucket-owner-full-control} or grants equal to it (a bucket's own ACL may also be
     * {@code private}, the same grants there); under BlockPublicAcls, AccessDenied for grants to everyone.
     *
     * @param cannedAcl {@code x-amz-acl}, or null
     * @param grants    the grants the ACL gives (the canned ACL's, or explicit ones), or null when none is given
     * @param ofBucket  whether the ACL is the bucket's own (else an object's)
     */
    public void checkAcl(String cannedAcl, List<Grant> grants, boolean ofBucket) {
        if (aclsDisabled() && (cannedAcl != null || grants != null)
                && !"bucket-owner-full-control".equals(cannedAcl) && !(ofBucket && "private".equals(cannedAcl))
                && (cannedAcl != null || !AclGrants.bucketOwnerFullControlOnly(grants, accountId))) {
            throw AclGrants.notSupported();
        }
        if (grants != null && AclGrants.isPublic(grants) && publicAccessBlock != null && Boolean.TRUE.equals(
                ModelJson.read(publicAccessBlock, PublicAccessBlockConfiguration.class).blockPublicAcls())) {
            throw S3Errors.accessDenied();
        }
    }

    /** Whether versioning was ever configured: then responses name the version ids, {@code null} included. */
    public boolean versioned() {
        return versioning != null;
    }
}
