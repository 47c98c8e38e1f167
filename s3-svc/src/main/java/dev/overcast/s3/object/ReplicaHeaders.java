package dev.overcast.s3.object;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.versioning.Versions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * How S3's replication describes a replica to the destination's S3 API, in headers of its own that are honoured only
 * when the suite's key signed the request ({@link ObjectApi#byReplication}): the source version's id and creation time,
 * which the replica keeps ({@link ReplicaOrigin}); the source version's owner and ACL grants, which it keeps too
 * unless the rule's AccessControlTranslation (owner override) gives it to the destination bucket's owner.
 *
 * @param origin        the source version's id and time (null: not given)
 * @param owner         the source version's owner account (null: the writer)
 * @param grants        the source version's grants as stored ({@code ObjectAcl#grants}; null: its owner's alone)
 * @param ownerOverride AccessControlTranslation: the replica is the destination bucket owner's, private
 */
public record ReplicaHeaders(ReplicaOrigin origin, String owner, String grants, boolean ownerOverride) {

    static final String VERSION_ID = "x-overcast-replica-version-id";
    static final String LAST_MODIFIED = "x-overcast-replica-last-modified";
    static final String OWNER = "x-overcast-replica-owner";
    /** The grants' JSON, base64 (a header value signed as it is sent). */
    static final String GRANTS = "x-overcast-replica-grants";
    static final String OWNER_OVERRIDE = "x-overcast-replica-owner-override";
    /** The permission the destination's policy must give another account for an owner override, as on S3. */
    static final String OWNER_OVERRIDE_ACTION = "s3:ObjectOwnerOverrideToBucketOwner";
    /** The permission the destination's policy must give another account for a replica's tags, as on S3. */
    static final String REPLICATE_TAGS_ACTION = "s3:ReplicateTags";

    /** What a request says of the replica it writes; null when it is not replication's. */
    static ReplicaHeaders of(RequestContext ctx) {
        if (!ObjectApi.byReplication(ctx)) {
            return null;
        }
        String versionId = ctx.header(VERSION_ID);
        String lastModified = ctx.header(LAST_MODIFIED);
        String grants = ctx.header(GRANTS);
        return new ReplicaHeaders(lastModified == null ? null
                : new ReplicaOrigin(Versions.validate(versionId), Instant.parse(lastModified)), ctx.header(OWNER),
                grants == null ? null : new String(Base64.getDecoder().decode(grants), StandardCharsets.UTF_8),
                "true".equals(ctx.header(OWNER_OVERRIDE)));
    }

    /** The headers of a replica (or of a delete marker's replica: no owner, no grants) on a request of replication's. */
    public void addTo(AwsRequestOverrideConfiguration.Builder request) {
        request.putHeader(ObjectApi.REPLICA_HEADER, "true");
        if (origin != null) {
            if (origin.versionId() != null) {
                request.putHeader(VERSION_ID, origin.versionId());
            }
            request.putHeader(LAST_MODIFIED, origin.lastModified().toString());
        }
        if (owner != null) {
            request.putHeader(OWNER, owner);
        }
        if (grants != null) {
            request.putHeader(GRANTS, Base64.getEncoder().encodeToString(grants.getBytes(StandardCharsets.UTF_8)));
        }
        if (ownerOverride) {
            request.putHeader(OWNER_OVERRIDE, "true");
        }
    }

    /**
     * The replica's owner and ACL in the destination bucket: with ACLs disabled there (BucketOwnerEnforced) or with an
     * owner override, the bucket owner's, private (S3 then grants the destination's owner FULL_CONTROL alone); else its
     * source's owner and grants.
     */
    ObjectAcl acl(Bucket bucket, String writer) {
        if (bucket.aclsDisabled() || ownerOverride) {
            return ObjectAcl.PRIVATE;
        }
        String replicaOwner = owner != null ? owner : writer;
        return new ObjectAcl(replicaOwner == null || replicaOwner.equals(bucket.accountId()) ? null : replicaOwner,
                grants);
    }
}
