package dev.overcast.s3.bucket;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.S3Errors;

/**
 * Who may act on a bucket: every request that names a bucket is checked against the bucket as it acts on it (cached
 * on the hot paths, and checked again when that row proves stale). Without a policy only the owner's account may; the
 * {@code policy} package evaluates buckets' policies.
 */
public interface BucketAccess {

    /** Only the bucket owner's account. */
    BucketAccess OWNER_ONLY = (ctx, bucket) -> {
        if (!bucket.accountId().equals(ctx.account())) {
            throw S3Errors.accessDenied();
        }
    };

    /** Throws S3's AccessDenied unless the request may act on the bucket. */
    void check(RequestContext ctx, Bucket bucket);

    /**
     * Throws S3's AccessDenied unless the request may also take {@code action} on the key (the bucket when null): a
     * second permission its operation needs, such as {@code s3:ObjectOwnerOverrideToBucketOwner} for a replica given
     * to the bucket's owner. Without a policy only the owner's account may.
     */
    default void checkAlso(RequestContext ctx, Bucket bucket, String action, String key) {
        OWNER_ONLY.check(ctx, bucket);
    }
}
