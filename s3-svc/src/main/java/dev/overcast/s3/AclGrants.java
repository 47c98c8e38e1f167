package dev.overcast.s3;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * ACL grants (bucket and object ACLs, CreateBucket's canned ACL): canned ACLs as S3 expands them, grants given in
 * {@code x-amz-grant-*} headers, the public groups, and the stored form (an AccessControlPolicy, JSON).
 */
public final class AclGrants {

    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    /** The canonical user {@code aws-exec-read} gives READ: Amazon EC2's, which fetches AMI bundles. */
    static final String EC2_CANONICAL_ID = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c";

    /** The grant headers and the permission each gives. */
    private static final Map<String, Permission> GRANT_HEADERS = new LinkedHashMap<>();

    static {
        GRANT_HEADERS.put("x-amz-grant-full-control", Permission.FULL_CONTROL);
        GRANT_HEADERS.put("x-amz-grant-read", Permission.READ);
        GRANT_HEADERS.put("x-amz-grant-read-acp", Permission.READ_ACP);
        GRANT_HEADERS.put("x-amz-grant-write", Permission.WRITE);
        GRANT_HEADERS.put("x-amz-grant-write-acp", Permission.WRITE_ACP);
    }

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

    /** The grants of a canned ACL for the owner's account (a bucket's, or an object's the bucket owner owns). */
    public static List<Grant> canned(String acl, String ownerAccount) {
        return canned(acl, ownerAccount, ownerAccount);
    }

    /**
     * The grants of a canned ACL for the owner's account, in a bucket of {@code bucketOwnerAccount}: the owner gets
     * FULL_CONTROL; {@code bucket-owner-read} and {@code bucket-owner-full-control} add the bucket owner (when another
     * account) with READ or FULL_CONTROL. InvalidArgument for an unknown one.
     */
    public static List<Grant> canned(String acl, String ownerAccount, String bucketOwnerAccount) {
        List<Grant> grants = new ArrayList<>(List.of(owner(ownerAccount)));
        boolean otherBucketOwner = !ownerAccount.equals(bucketOwnerAccount);
        switch (acl) {
            case "private" -> { }
            case "bucket-owner-full-control" -> {
                if (otherBucketOwner) {
                    grants.add(owner(bucketOwnerAccount));
                }
            }
            case "bucket-owner-read" -> {
                if (otherBucketOwner) {
                    grants.add(owner(bucketOwnerAccount).toBuilder().permission(Permission.READ).build());
                }
            }
            case "aws-exec-read" -> grants.add(Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER)
                    .id(EC2_CANONICAL_ID).displayName("za-team").build()).permission(Permission.READ).build());
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

    /**
     * The grants of the request's {@code x-amz-grant-*} headers ({@code id="…"}, {@code uri="…"} or
     * {@code emailAddress="…"} grantees, comma-separated), exactly those and no other (S3 does not add the owner), or
     * null when none is given. InvalidArgument for a grantee S3 would not take.
     */
    public static List<Grant> fromHeaders(UnaryOperator<String> header) {
        List<Grant> grants = null;
        for (Map.Entry<String, Permission> h : GRANT_HEADERS.entrySet()) {
            String value = header.apply(h.getKey());
            if (value == null) {
                continue;
            }
            if (grants == null) {
                grants = new ArrayList<>();
            }
            for (String grantee : splitGrantees(value, h.getKey())) {
                grants.add(Grant.builder().grantee(grantee(grantee, h.getKey(), value)).permission(h.getValue()).build());
            }
        }
        return grants;
    }

    /** The grantees of one header, split at the commas outside quotes. */
    private static List<String> splitGrantees(String value, String header) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            throw S3Errors.invalidArgument("Argument format not recognized", header, value);
        }
        parts.add(part.toString());
        return parts;
    }

    private static Grantee grantee(String text, String header, String value) {
        int eq = text.indexOf('=');
        String type = eq < 0 ? "" : text.substring(0, eq).trim();
        String id = eq < 0 ? "" : text.substring(eq + 1).trim();
        if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) {
            id = id.substring(1, id.length() - 1);
        }
        if (id.isEmpty()) {
            throw S3Errors.invalidArgument("Argument format not recognized", header, value);
        }
        return switch (type) {
            case "id" -> Grantee.builder().type(Type.CANONICAL_USER).id(id).build();
            case "emailAddress" -> Grantee.builder().type(Type.AMAZON_CUSTOMER_BY_EMAIL).emailAddress(id).build();
            case "uri" -> {
                if (!id.equals(ALL_USERS) && !id.equals(AUTHENTICATED_USERS) && !id.equals(LOG_DELIVERY)) {
                    throw S3Errors.invalidArgument("Invalid group uri", "uri", id);
                }
                yield Grantee.builder().type(Type.GROUP).uri(id).build();
            }
            default -> throw S3Errors.invalidArgument("Argument format not recognized", header, value);
        };
    }

    /** S3's refusal of an ACL where the bucket's ObjectOwnership (BucketOwnerEnforced) disables them. */
    public static AwsException notSupported() {
        return new AwsException("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
    }

    /** Whether the grants are the bucket owner's FULL_CONTROL and nothing else (what ACLs disabled still take). */
    public static boolean bucketOwnerFullControlOnly(List<Grant> grants, String bucketOwnerAccount) {
        String id = S3Owners.canonicalId(bucketOwnerAccount);
        return !grants.isEmpty() && grants.stream().allMatch(g -> g.permission() == Permission.FULL_CONTROL
                && g.grantee() != null && id.equals(g.grantee().id()));
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
