package dev.overcast.s3.acl;

import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.object.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * What ACL grants allow, as S3 maps ACL permissions to actions: a bucket's grants decide listing (READ), writing and
 * deleting objects (WRITE) and its own ACL (READ_ACP, WRITE_ACP); an object's grants decide reading it (READ) and its
 * ACL. FULL_CONTROL is all of them. An object's owner (the writer, where ObjectOwnership lets a writer own what it
 * writes) needs no grant of its ACL, and the bucket's owner needs one on an object another account owns. Grantees: the canonical user of an account of the suite, AllUsers (anyone, the
 * anonymous principal included), AuthenticatedUsers (any signed request). Buckets with ObjectOwnership
 * BucketOwnerEnforced have ACLs disabled: their grants allow nothing. IgnorePublicAcls leaves out the two groups.
 */
@Component
public class AclAccess {

    /** Bucket actions and the bucket ACL permission that allows them. */
    private static final Map<String, Permission> BUCKET = Map.ofEntries(
            Map.entry("s3:ListBucket", Permission.READ),
            Map.entry("s3:ListBucketVersions", Permission.READ),
            Map.entry("s3:ListBucketMultipartUploads", Permission.READ),
            Map.entry("s3:PutObject", Permission.WRITE),
            Map.entry("s3:DeleteObject", Permission.WRITE),
            Map.entry("s3:DeleteObjectVersion", Permission.WRITE),
            Map.entry("s3:AbortMultipartUpload", Permission.WRITE),
            Map.entry("s3:ListMultipartUploadParts", Permission.WRITE),
            Map.entry("s3:GetBucketAcl", Permission.READ_ACP),
            Map.entry("s3:PutBucketAcl", Permission.WRITE_ACP));

    /** Object actions and the object ACL permission that allows them. */
    private static final Map<String, Permission> OBJECT = Map.ofEntries(
            Map.entry("s3:GetObject", Permission.READ),
            Map.entry("s3:GetObjectVersion", Permission.READ),
            Map.entry("s3:GetObjectAcl", Permission.READ_ACP),
            Map.entry("s3:GetObjectVersionAcl", Permission.READ_ACP),
            Map.entry("s3:PutObjectAcl", Permission.WRITE_ACP),
            Map.entry("s3:PutObjectVersionAcl", Permission.WRITE_ACP));

    private static final Set<String> PUBLIC_GROUPS = Set.of(AclGrants.ALL_USERS, AclGrants.AUTHENTICATED_USERS);

    /** The version an object action acts on, read only when its grants may decide (lazy: no cycle). */
    private final ObjectProvider<ObjectStore> objects;

    public AclAccess(ObjectProvider<ObjectStore> objects) {
        this.objects = objects;
    }

    /**
     * Whether the bucket's ACL, or for an object action the ACL of the version acted on (its owner needs no grant),
     * grants the action to the requester's account (null: anonymous).
     *
     * @param key       the object key the request acts on, null for a bucket action
     * @param versionId the version asked for (null: the current one)
     * @param ignorePublic PublicAccessBlock's IgnorePublicAcls
     */
    public boolean allows(Bucket bucket, String requester, String action, String key, String versionId,
                          boolean ignorePublic) {
        if (BUCKET.containsKey(action)) {
            return bucketAllows(bucket, requester, action, ignorePublic);
        }
        ObjectGrants object = ofObject(bucket, action, key, versionId);
        return object != null && object.allow(requester, ignorePublic);
    }

    /** Whether the bucket's ACL grants the bucket action to the requester's account (null: anonymous). */
    public boolean bucketAllows(Bucket bucket, String requester, String action, boolean ignorePublic) {
        Permission onBucket = BUCKET.get(action);
        return !bucket.aclsDisabled() && onBucket != null
                && grants(AclGrants.fromJson(bucket.acl(), bucket.accountId()), requester, onBucket, ignorePublic);
    }

    /** Whether the action is one the ACL of the object version acted on decides (reading it, its ACL). */
    public static boolean decidesObject(String action) {
        return OBJECT.containsKey(action);
    }

    /**
     * An object version's owner and grants, and the permission the request's action needs of them: whoever owns the
     * version needs no grant; anyone else needs the permission (or FULL_CONTROL).
     */
    public record ObjectGrants(String owner, List<Grant> grants, Permission permission) {

        public boolean allow(String requester, boolean ignorePublic) {
            return requester != null && requester.equals(owner) || AclAccess.grants(grants, requester, permission, ignorePublic);
        }
    }

    /**
     * For an action the object's ACL decides ({@link #decidesObject}), in a bucket whose ObjectOwnership allows ACLs:
     * the version acted on, its owner and grants; null for other actions, with ACLs disabled, or when there is no
     * such version (or it is a delete marker).
     */
    public ObjectGrants ofObject(Bucket bucket, String action, String key, String versionId) {
        Permission onObject = OBJECT.get(action);
        if (bucket.aclsDisabled() || onObject == null || key == null) {
            return null;
        }
        return objects.getObject().find(bucket.name(), key, versionId)
                .filter(o -> !o.deleteMarker())
                .map(o -> new ObjectGrants(o.attributes().acl().owner(bucket), o.attributes().acl().grants(bucket),
                        onObject))
                .orElse(null);
    }

    /** Whether the grants give the requester (null: anonymous) the permission, directly or through FULL_CONTROL. */
    static boolean grants(List<Grant> grants, String requester, Permission permission, boolean ignorePublic) {
        String canonical = requester == null ? null : S3Owners.canonicalId(requester);
        for (Grant g : grants) {
            if (g.permission() != permission && g.permission() != Permission.FULL_CONTROL) {
                continue;
            }
            if (matches(g.grantee(), requester, canonical, ignorePublic)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Grantee grantee, String requester, String canonical, boolean ignorePublic) {
        if (grantee == null) {
            return false;
        }
        if (grantee.type() == Type.GROUP || grantee.uri() != null) {
            if (ignorePublic && PUBLIC_GROUPS.contains(grantee.uri())) {
                return false;
            }
            return AclGrants.ALL_USERS.equals(grantee.uri())
                    || AclGrants.AUTHENTICATED_USERS.equals(grantee.uri()) && requester != null;
        }
        return canonical != null && canonical.equals(grantee.id());
    }
}
