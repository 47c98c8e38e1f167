package dev.overcast.s3.acl;

import dev.overcast.s3.AclGrants;
import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.versioning.Versions;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.DeleteBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketAclRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketAclRequest;
import software.amazon.awssdk.services.s3.model.PutBucketAclResponse;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectAclRequest;
import software.amazon.awssdk.services.s3.model.PutObjectAclResponse;

/**
 * ObjectOwnership (Put/Get/DeleteBucketOwnershipControls) and ACLs (Get/PutBucketAcl, Get/PutObjectAcl): stored and
 * answered where the ownership allows ACLs; BucketOwnerEnforced refuses them with S3's error, BlockPublicAcls refuses
 * public grants. Grants are not evaluated for access (bucket policies are).
 */
@AwsApi(api = "s3")
public class AclApi {

    private static final Set<String> OWNERSHIPS = Set.of("BucketOwnerPreferred", "ObjectWriter", Bucket.OWNER_ENFORCED);

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final Notifications notifications;
    private final TransactionTemplate tx;

    public AclApi(BucketStore buckets, ObjectStore objects, JdbcTemplate jdbc, Notifications notifications,
                  PlatformTransactionManager transactions) {
        this.notifications = notifications;
        this.tx = new TransactionTemplate(transactions);
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = jdbc;
    }

    public PutBucketOwnershipControlsResponse putBucketOwnershipControls(RequestContext ctx,
            PutBucketOwnershipControlsRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        OwnershipControls c = request.ownershipControls();
        if (c == null || !c.hasRules() || c.rules().size() != 1 || c.rules().get(0).objectOwnership() == null
                || !OWNERSHIPS.contains(c.rules().get(0).objectOwnershipAsString())) {
            throw S3Errors.malformedXml();
        }
        buckets.setOwnership(bucket.name(), c.rules().get(0).objectOwnershipAsString());
        return PutBucketOwnershipControlsResponse.builder().build();
    }

    public GetBucketOwnershipControlsResponse getBucketOwnershipControls(RequestContext ctx,
            GetBucketOwnershipControlsRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (bucket.objectOwnership() == null) {
            throw new AwsException("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found")
                    .with("BucketName", bucket.name());
        }
        return GetBucketOwnershipControlsResponse.builder().ownershipControls(o -> o.rules(r -> r
                .objectOwnership(bucket.objectOwnership()))).build();
    }

    public StreamingResponse<DeleteBucketOwnershipControlsResponse> deleteBucketOwnershipControls(RequestContext ctx,
            DeleteBucketOwnershipControlsRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        buckets.setOwnership(bucket.name(), null);
        return StreamingResponse.headersOnly(DeleteBucketOwnershipControlsResponse.builder().build(), 204);
    }

    @XmlRoot("AccessControlPolicy")
    public GetBucketAclResponse getBucketAcl(RequestContext ctx, GetBucketAclRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return GetBucketAclResponse.builder().owner(S3Owners.of(bucket.accountId()))
                .grants(AclGrants.fromJson(buckets.acl(bucket.name()), bucket.accountId())).build();
    }

    public PutBucketAclResponse putBucketAcl(RequestContext ctx, PutBucketAclRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        List<Grant> grants = requested(bucket, request.aclAsString(), request.accessControlPolicy(), ctx);
        buckets.setAcl(bucket.name(), AclGrants.toJson(grants));
        return PutBucketAclResponse.builder().build();
    }

    @XmlRoot("AccessControlPolicy")
    public GetObjectAclResponse getObjectAcl(RequestContext ctx, GetObjectAclRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        StoredObject version = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId),
                request.key(), versionId, "GET");
        String stored = jdbc.query("select grants from object_acl where object_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, version.id());
        return GetObjectAclResponse.builder().owner(S3Owners.of(bucket.accountId()))
                .grants(AclGrants.fromJson(stored, bucket.accountId())).build();
    }

    public PutObjectAclResponse putObjectAcl(RequestContext ctx, PutObjectAclRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        List<Grant> grants = requested(bucket, request.aclAsString(), request.accessControlPolicy(), ctx);
        tx.executeWithoutResult(s -> { // the ACL and its s3:ObjectAcl:Put event in one transaction
            StoredObject version = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId),
                    request.key(), versionId, "PUT");
            String before = jdbc.query("select grants from object_acl where object_id = ? for update",
                    rs -> rs.next() ? rs.getString(1) : null, version.id());
            String after = AclGrants.toJson(grants);
            jdbc.update("""
                    insert into object_acl (object_id, grants) values (?, ?)
                    on conflict (object_id) do update set grants = excluded.grants""", version.id(), after);
            if (!after.equals(before)) { // S3 announces no put that leaves the ACL as it was
                notifications.on(ctx, bucket, "PutObjectAcl").aclPut(version.key(), version.etag(), version.versionId());
            }
        });
        return PutObjectAclResponse.builder().build();
    }

    /** The grants a Put*Acl asks for (canned header or body), refused where the bucket's settings refuse them. */
    private static List<Grant> requested(Bucket bucket, String canned, AccessControlPolicy body, RequestContext ctx) {
        if (canned != null && body != null) {
            throw S3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
        }
        if (bucket.aclsDisabled() && (canned == null || !canned.equals("bucket-owner-full-control") && !canned.equals("private"))) {
            throw new AwsException("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
        }
        if (ctx.header("x-amz-grant-read") != null || ctx.header("x-amz-grant-full-control") != null
                || ctx.header("x-amz-grant-write") != null || ctx.header("x-amz-grant-read-acp") != null
                || ctx.header("x-amz-grant-write-acp") != null) {
            throw S3Errors.notImplementedHeader("x-amz-grant-*");
        }
        if (canned == null && body == null) {
            throw S3Errors.malformedXml();
        }
        List<Grant> grants = canned != null ? AclGrants.canned(canned, bucket.accountId())
                : body.hasGrants() ? body.grants() : List.of();
        PublicAccessBlockConfiguration pab = bucket.publicAccessBlock() == null ? null
                : ModelJson.read(bucket.publicAccessBlock(), PublicAccessBlockConfiguration.class);
        if (pab != null && Boolean.TRUE.equals(pab.blockPublicAcls()) && AclGrants.isPublic(grants)) {
            throw S3Errors.accessDenied();
        }
        return grants;
    }
}
