package dev.overcast.s3;

import dev.overcast.common.protocol.json.ModelJson;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/** ACL grants (bucket and object ACLs, CreateBucket's canned ACL): canned ACLs as S3 expands them, the public groups, and the stored form (an AccessControlPolicy, JSON). */
public final class AclGrants {

    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

    private AclGrants() {
    }

    public static Grant owner(String account) {
        Owner o = S3Owners.of(account);
        return Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(o.id()).displayName(o.displayName())
                .build()).permission(Permission.FULL_CONTROL).build();
    }

    public static Grant group(String uri, Permission permission) {
        return Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri(uri).build()).permission(permission).build();
    }

    /** The grants of a canned ACL for the owner's account; InvalidArgument for an unknown one. */
    public static List<Grant> canned(String acl, String ownerAccount) {
        List<Grant> grants = new ArrayList<>(List.of(owner(ownerAccount)));
        switch (acl) {
            case "private", "bucket-owner-full-control", "bucket-owner-read" -> { }
            case "public-read" -> grants.add(group(ALL_USERS, Permission.READ));
            case "public-read-write" -> {
                grants.add(group(ALL_USERS, Permission.READ));
                grants.add(group(ALL_USERS, Permission.WRITE));
            }
            case "authenticated-read" -> grants.add(group(AUTHENTICATED_USERS, Permission.READ));
            case "log-delivery-write" -> {
                grants.add(group(LOG_DELIVERY, Permission.WRITE));
                grants.add(group(LOG_DELIVERY, Permission.READ_ACP));
            }
            default -> throw S3Errors.invalidArgument("", "x-amz-acl", acl);
        }
        return grants;
    }

    /** Whether any grant goes to everyone or to every authenticated user (what BlockPublicAcls refuses). */
    public static boolean isPublic(List<Grant> grants) {
        return grants.stream().anyMatch(g -> g.grantee() != null && (ALL_USERS.equals(g.grantee().uri())
                || AUTHENTICATED_USERS.equals(g.grantee().uri())));
    }

    /** The grants of a canned ACL for the owner's account, as stored (InvalidArgument for an unknown one). */
    public static String cannedJson(String cannedAcl, String ownerAccount) {
        return toJson(canned(cannedAcl, ownerAccount));
    }

    public static String toJson(List<Grant> grants) {
        return ModelJson.write(AccessControlPolicy.builder().grants(grants).build());
    }

    public static List<Grant> fromJson(String json, String ownerAccount) {
        return json == null ? List.of(owner(ownerAccount))
                : ModelJson.read(json, AccessControlPolicy.class).grants();
    }
}
