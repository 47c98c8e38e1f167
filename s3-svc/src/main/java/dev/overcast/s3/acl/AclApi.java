package dev.overcast.s3.acl;

import dev.overcast.s3.AclGrants;
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
import dev.overcast.s3.object.ObjectAcl;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.ReplicaChanges;
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
import software.amazon.awssdk.services.s3.model.PutBucketAclRequest;
import software.amazon.awssdk.services.s3.model.PutBucketAclResponse;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectAclRequest;
import software.amazon.awssdk.services.s3.model.PutObjectAclResponse;

/**
 * ObjectOwnership (Put/Get/DeleteBucketOwnershipControls) and ACLs (Get/PutBucketAcl, Get/PutObjectAcl): stored and
 * answered where the ownership allows ACLs; BucketOwnerEnforced refuses them with S3's error, BlockPublicAcls refuses
 * public grants; the canned ACL, the {@code x-amz-grant-*} headers or the body's grants. An object's ACL lives on its
 * version's row ({@link ObjectAcl}), with its owner. Access by grants: {@link AclAccess}.
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
        List<Grant> grants = requested(bucket, bucket.accountId(), request.aclAsString(),
                AclGrants.fromHeaders(ctx::header), request.accessControlPolicy(), true);
        buckets.setAcl(bucket.name(), AclGrants.toJson(grants));
        return PutBucketAclResponse.builder().build();
    }

    @XmlRoot("AccessControlPolicy")
    public GetObjectAclResponse getObjectAcl(RequestContext ctx, GetObjectAclRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        StoredObject version = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId),
                request.key(), versionId, "GET");
        ObjectAcl acl = version.attributes().acl();
        return GetObjectAclResponse.builder().owner(S3Owners.of(acl.owner(bucket))).grants(acl.grants(bucket)).build();
    }

    public PutObjectAclResponse putObjectAcl(RequestContext ctx, PutObjectAclRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        List<Grant> headerGrants = AclGrants.fromHeaders(ctx::header);
        tx.executeWithoutResult(s -> { // the ACL and its s3:ObjectAcl:Put event in one transaction
            objects.lockKey(bucket.name(), request.key());
            StoredObject version = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId),
                    request.key(), versionId, "PUT");
            String owner = version.attributes().acl().owner(bucket);
            List<Grant> grants = requested(bucket, owner, request.aclAsString(), headerGrants,
                    request.accessControlPolicy(), false);
            String before = version.attributes().acl().grants();
            String after = grants.equals(List.of(AclGrants.owner(owner))) ? null : AclGrants.toJson(grants);
            jdbc.update("update object set acl = ? where id = ?", after, version.id());
            ReplicaChanges.changed(jdbc, ctx, version);
            if (!java.util.Objects.equals(after, before)) { // S3 announces no put that leaves the ACL as it was
                notifications.on(ctx, bucket, "PutObjectAcl").aclPut(version.key(), version.etag(), version.versionId());
            }
        });
        return PutObjectAclResponse.builder().build();
    }

    /**
     * The grants a Put*Acl asks for (canned header, grant headers or body), refused where the bucket's settings refuse
     * them; a canned ACL is expanded for the resource's owner.
     */
    private static List<Grant> requested(Bucket bucket, String owner, String canned, List<Grant> headerGrants,
                                         AccessControlPolicy body, boolean ofBucket) {
        if (canned != null && (body != null || headerGrants != null)) {
            throw S3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
        }
        if (canned == null && headerGrants == null && body == null) {
            throw S3Errors.malformedXml();
        }
        List<Grant> grants = canned != null ? AclGrants.canned(canned, owner, bucket.accountId())
                : headerGrants != null ? headerGrants : body.hasGrants() ? body.grants() : List.of();
        bucket.checkAcl(canned, grants, ofBucket);
        return grants;
    }
}
