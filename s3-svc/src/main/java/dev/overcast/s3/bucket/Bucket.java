package dev.overcast.s3.bucket;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.s3.encryption.Encryption;
import java.time.Instant;

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

    /** Throws S3's AccessControlListNotSupported for an ACL a bucket with ACLs disabled refuses (null: none given). */
    public void checkAcl(String cannedAcl) {
        if (aclsDisabled() && cannedAcl != null && !cannedAcl.equals("bucket-owner-full-control")
                && !cannedAcl.equals("private")) {
            throw new dev.overcast.common.error.AwsException("AccessControlListNotSupported", 400,
                    "The bucket does not allow ACLs");
        }
    }

    /** Whether versioning was ever configured: then responses name the version ids, {@code null} included. */
    public boolean versioned() {
        return versioning != null;
    }
}
