package dev.overcast.s3.object;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import java.util.List;
import software.amazon.awssdk.services.s3.model.Grant;

/**
 * Who owns an object version and what its ACL grants, as stored with it: {@code ownerAccount} null is the bucket's
 * owner (another account only where the bucket's ObjectOwnership lets a writer own what it writes); {@code grants}
 * null is the owner's FULL_CONTROL alone (the {@code private} ACL), else the grants as JSON ({@link AclGrants}).
 * With ACLs disabled (BucketOwnerEnforced) the bucket's owner owns every object with FULL_CONTROL, whatever is stored.
 */
public record ObjectAcl(String ownerAccount, String grants) {

    /** Owned by the bucket's owner, private. */
    public static final ObjectAcl PRIVATE = new ObjectAcl(null, null);

    /** The version's owner under the bucket's ObjectOwnership. */
    public String owner(Bucket bucket) {
        return bucket.aclsDisabled() || ownerAccount == null ? bucket.accountId() : ownerAccount;
    }

    /** The version's grants under the bucket's ObjectOwnership. */
    public List<Grant> grants(Bucket bucket) {
        return bucket.aclsDisabled() ? List.of(AclGrants.owner(bucket.accountId()))
                : AclGrants.fromJson(grants, owner(bucket));
    }

    /**
     * The owner and ACL of a version a write creates (PutObject, CopyObject, CreateMultipartUpload, POST), as S3 sets
     * them: the ACL the write names (a canned one, or the grants of its {@code x-amz-grant-*} headers; none: private),
     * refused where the bucket refuses it ({@link Bucket#checkAcl}); the owner by the bucket's ObjectOwnership: the
     * bucket's owner with ACLs disabled, and under BucketOwnerPreferred for a write naming
     * {@code bucket-owner-full-control}; otherwise (ObjectWriter, BucketOwnerPreferred without that ACL) the writing
     * account. An anonymous write's object is the bucket owner's.
     *
     * @param writer       the writing account, or null when anonymous
     * @param cannedAcl    {@code x-amz-acl} (checked to be a canned ACL objects take), or null
     * @param headerGrants the grants of the {@code x-amz-grant-*} headers ({@link AclGrants#fromHeaders}), or null
     */
    public static ObjectAcl forWrite(Bucket bucket, String writer, String cannedAcl, List<Grant> headerGrants) {
        if (cannedAcl != null && headerGrants != null) {
            throw S3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
        }
        String bucketOwner = bucket.accountId();
        String owner = writer == null || bucket.aclsDisabled()
                || "BucketOwnerPreferred".equals(bucket.objectOwnership()) && "bucket-owner-full-control".equals(cannedAcl)
                ? bucketOwner : writer;
        List<Grant> grants = cannedAcl != null ? AclGrants.canned(cannedAcl, owner, bucketOwner) : headerGrants;
        bucket.checkAcl(cannedAcl, grants, false);
        if (bucket.aclsDisabled()) {
            return PRIVATE;
        }
        boolean onlyOwner = grants == null || grants.equals(List.of(AclGrants.owner(owner)));
        return new ObjectAcl(owner.equals(bucketOwner) ? null : owner, onlyOwner ? null : AclGrants.toJson(grants));
    }

    /** As {@link #forWrite(Bucket, String, String, List)} for a request: its signer, {@code x-amz-acl} and grant headers. */
    public static ObjectAcl forWrite(Bucket bucket, RequestContext ctx, String cannedAcl, List<Grant> headerGrants) {
        return forWrite(bucket, writer(ctx), cannedAcl, headerGrants);
    }

    /** The account a signed request acts as; null for an unsigned (anonymous) one. */
    public static String writer(RequestContext ctx) {
        return ctx.principal() == null || ctx.principal().accessKeyId() == null ? null : ctx.account();
    }
}
