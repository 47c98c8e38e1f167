package dev.overcast.s3.bucket;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.ContinuationTokens;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.versioning.Versions;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/** Bucket lifecycle: CreateBucket, ListBuckets, HeadBucket, GetBucketLocation, DeleteBucket. */
@AwsApi(api = "s3")
public class BucketApi {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final String US_EAST_1 = "us-east-1";

    private final BucketStore buckets;
    private final BucketUploads uploads;
    private final SuiteClock clock;

    public BucketApi(BucketStore buckets, BucketUploads uploads, SuiteClock clock) {
        this.buckets = buckets;
        this.uploads = uploads;
        this.clock = clock;
    }

    public CreateBucketResponse createBucket(RequestContext ctx, CreateBucketRequest request) {
        String name = request.bucket();
        BucketNames.validate(name);
        if (request.acl() == BucketCannedACL.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidArgument("", "x-amz-acl", request.aclAsString());
        }
        String constraint = request.createBucketConfiguration() == null ? null
                : request.createBucketConfiguration().locationConstraintAsString();
        String region = bucketRegion(ctx.region(), constraint);
        boolean locked = Boolean.TRUE.equals(request.objectLockEnabledForBucket());
        // new buckets have ACLs disabled unless they ask for another ObjectOwnership
        String ownership = request.objectOwnership() == null ? Bucket.OWNER_ENFORCED : request.objectOwnershipAsString();
        if (Bucket.OWNER_ENFORCED.equals(ownership) && request.acl() != null && request.acl() != BucketCannedACL.PRIVATE) {
            throw new dev.overcast.common.error.AwsException("InvalidBucketAclWithObjectOwnership", 400,
                    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
        }
        Bucket bucket = new Bucket(name, ctx.account(), region, clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                ownership, locked, Encryption.SSE_S3, locked ? Versions.ENABLED : null, null, 0, null, null, null,
                null, null, null, null, // a bucket created with Object Lock is versioned from the start
                request.acl() == null ? null : AclGrants.cannedJson(request.aclAsString(), ctx.account()));
        if (!buckets.create(bucket)) {
            Bucket existing = buckets.find(name).orElseThrow(() -> S3Errors.bucketAlreadyExists(name));
            if (!existing.accountId().equals(ctx.account())) {
                throw S3Errors.bucketAlreadyExists(name);
            }
            if (!US_EAST_1.equals(existing.region()) || !US_EAST_1.equals(region)) {
                throw S3Errors.bucketAlreadyOwnedByYou(name);
            }
            // us-east-1 keeps its legacy answer: re-creating your own bucket succeeds.
        }
        return CreateBucketResponse.builder()
                .location("/" + name)
                .bucketArn("arn:aws:s3:::" + name)
                .build();
    }

    /**
     * The region a new bucket goes to: the endpoint's region, which a LocationConstraint must name (outside
     * us-east-1, where it may be absent, and "EU" is the legacy name of eu-west-1).
     */
    static String bucketRegion(String endpointRegion, String constraint) {
        if (constraint == null || constraint.isEmpty()) {
            if (!US_EAST_1.equals(endpointRegion)) {
                throw S3Errors.illegalLocationConstraint(null, endpointRegion);
            }
            return US_EAST_1;
        }
        String requested = "EU".equals(constraint) ? "eu-west-1" : constraint;
        if (US_EAST_1.equals(requested) || !REGION.matcher(requested).matches()) {
            throw S3Errors.invalidLocationConstraint(constraint);
        }
        if (!requested.equals(endpointRegion)) {
            throw S3Errors.illegalLocationConstraint(constraint, endpointRegion);
        }
        return requested;
    }

    @XmlRoot("ListAllMyBucketsResult")
    public ListBucketsResponse listBuckets(RequestContext ctx, ListBucketsRequest request) {
        int max = request.maxBuckets() == null ? 10_000 : request.maxBuckets();
        if (max < 1 || max > 10_000) {
            throw S3Errors.invalidArgument("Argument max-buckets must be an integer between 1 and 10000",
                    "max-buckets", String.valueOf(max));
        }
        String after = ContinuationTokens.decode(request.continuationToken());
        List<Bucket> page = buckets.listOwnedBy(ctx.account(), request.prefix(), request.bucketRegion(), after, max + 1);
        boolean truncated = page.size() > max;
        if (truncated) {
            page = page.subList(0, max);
        }
        ListBucketsResponse.Builder response = ListBucketsResponse.builder()
                .owner(S3Owners.of(ctx.account()))
                .prefix(request.prefix())
                .buckets(page.stream().map(b -> software.amazon.awssdk.services.s3.model.Bucket.builder()
                        .name(b.name()).creationDate(b.createdAt()).bucketRegion(b.region())
                        .bucketArn("arn:aws:s3:::" + b.name()).build()).toList());
        if (truncated) {
            response.continuationToken(ContinuationTokens.encode(page.get(page.size() - 1).name()));
        }
        return response.build();
    }

    public HeadBucketResponse headBucket(RequestContext ctx, HeadBucketRequest request) {
        Bucket bucket = buckets.find(request.bucket()).orElseThrow(() -> S3Errors.noSuchBucket(request.bucket()));
        try {
            buckets.checkAccess(ctx, bucket);
        } catch (dev.overcast.common.error.AwsException e) {
            throw e.withHeader("x-amz-bucket-region", bucket.region());
        }
        if (!bucket.region().equals(ctx.region())) {
            throw S3Errors.permanentRedirect(bucket.name(), bucket.region());
        }
        return HeadBucketResponse.builder()
                .bucketRegion(bucket.region())
                .accessPointAlias(false)
                .bucketArn("arn:aws:s3:::" + bucket.name())
                .build();
    }

    public GetBucketLocationResponse getBucketLocation(RequestContext ctx, GetBucketLocationRequest request) {
        Bucket bucket = buckets.find(request.bucket()).orElseThrow(() -> S3Errors.noSuchBucket(request.bucket()));
        buckets.checkAccess(ctx, bucket);
        // answered from any region; us-east-1 is the empty element <LocationConstraint/>
        return GetBucketLocationResponse.builder()
                .locationConstraint(US_EAST_1.equals(bucket.region()) ? "" : bucket.region())
                .build();
    }

    public StreamingResponse<DeleteBucketResponse> deleteBucket(RequestContext ctx, DeleteBucketRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (buckets.hasObjects(bucket.name())) {
            throw S3Errors.bucketNotEmpty(bucket.name());
        }
        uploads.abortAll(bucket.name()); // uploads in progress do not keep a bucket alive
        if (!buckets.deleteIfEmpty(bucket.name())) {
            if (buckets.hasObjects(bucket.name())) {
                throw S3Errors.bucketNotEmpty(bucket.name());
            }
            throw S3Errors.noSuchBucket(bucket.name());
        }
        return StreamingResponse.headersOnly(DeleteBucketResponse.builder().build(), 204);
    }
}
