package dev.overcast.s3.acl;

import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.object.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * What ACL grants allow, as S3 maps ACL permissions to actions: a bucket's grants decide listing (READ), writing and
 * deleting objects (WRITE) and its own ACL (READ_ACP, WRITE_ACP); an object's grants decide reading it (READ) and its
 * ACL. FULL_CONTROL is all of them. Grantees: the canonical user of an account of the suite, AllUsers (anyone, the
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

    private final JdbcTemplate jdbc;
    /** The version an object action acts on, read only when its grants may decide (lazy: no cycle). */
    private final ObjectProvider<ObjectStore> objects;

    public AclAccess(JdbcTemplate jdbc, ObjectProvider<ObjectStore> objects) {
        this.jdbc = jdbc;
        this.objects = objects;
    }

    /**
     * Whether the bucket's ACL, or for an object action the ACL of the version acted on, grants the action to the
     * requester's account (null: anonymous).
     *
     * @param key       the object key the request acts on, null for a bucket action
     * @param versionId the version asked for (null: the current one)
     * @param ignorePublic PublicAccessBlock's IgnorePublicAcls
     */
    public boolean allows(Bucket bucket, String requester, String action, String key, String versionId,
                          boolean ignorePublic) {
        if (bucket.aclsDisabled()) {
            return false;
        }
        Permission onBucket = BUCKET.get(action);
        if (onBucket != null) {
            return grants(AclGrants.fromJson(bucket.acl(), bucket.accountId()), requester, onBucket, ignorePublic);
        }
        Permission onObject = OBJECT.get(action);
        if (onObject == null || key == null) {
            return false;
        }
        return objects.getObject().find(bucket.name(), key, versionId)
                .filter(o -> !o.deleteMarker())
                .map(o -> jdbc.query("select grants from object_acl where object_id = ?",
                        rs -> rs.next() ? rs.getString(1) : null, o.id()))
                .map(stored -> grants(AclGrants.fromJson(stored, bucket.accountId()), requester, onObject, ignorePublic))
                .orElse(false);
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
