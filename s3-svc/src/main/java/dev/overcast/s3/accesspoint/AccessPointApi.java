package dev.overcast.s3.accesspoint;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.ContinuationTokens;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.s3.policy.S3Policies;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3control.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.s3control.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.DeleteAccessPointPolicyRequest;
import software.amazon.awssdk.services.s3control.model.DeleteAccessPointPolicyResponse;
import software.amazon.awssdk.services.s3control.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.s3control.model.DeleteAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.GetAccessPointPolicyRequest;
import software.amazon.awssdk.services.s3control.model.GetAccessPointPolicyResponse;
import software.amazon.awssdk.services.s3control.model.GetAccessPointPolicyStatusRequest;
import software.amazon.awssdk.services.s3control.model.GetAccessPointPolicyStatusResponse;
import software.amazon.awssdk.services.s3control.model.GetAccessPointRequest;
import software.amazon.awssdk.services.s3control.model.GetAccessPointResponse;
import software.amazon.awssdk.services.s3control.model.ListAccessPointsRequest;
import software.amazon.awssdk.services.s3control.model.ListAccessPointsResponse;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3control.model.PutAccessPointPolicyRequest;
import software.amazon.awssdk.services.s3control.model.PutAccessPointPolicyResponse;
import software.amazon.awssdk.services.s3control.model.VpcConfiguration;

/**
 * S3 access points through the S3 Control API ({@code /v20180820/accesspoint/…}, signed for {@code s3}, the account in
 * {@code x-amz-account-id}): Create/Get/Delete/ListAccessPoints and the access point's policy. What the access point
 * does on the data plane is {@link AccessPointRouting}'s. Every other S3 Control action (Multi-Region Access Points,
 * Object Lambda, account-level settings, jobs) answers {@code 501 NotImplemented} naming it.
 */
@AwsApi(api = "s3control")
public class AccessPointApi {

    /** S3's rules for access point names: 3 to 50 lower-case letters, digits and hyphens, no hyphen at either end. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,48})[a-z0-9]");
    private static final String ALIAS_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessPointStore accessPoints;
    private final BucketStore buckets;
    private final SuiteClock clock;

    public AccessPointApi(AccessPointStore accessPoints, BucketStore buckets, SuiteClock clock) {
        this.accessPoints = accessPoints;
        this.buckets = buckets;
        this.clock = clock;
    }

    public CreateAccessPointResponse createAccessPoint(RequestContext ctx, CreateAccessPointRequest request) {
        checkAccount(ctx, request.accountId());
        String name = request.name();
        if (!NAME.matcher(name).matches() || name.endsWith("-s3alias") || name.contains("--")) {
            throw invalidUri();
        }
        Bucket bucket = buckets.find(request.bucket()).orElseThrow(() -> S3Errors.noSuchBucket(request.bucket()));
        boolean ownBucket = bucket.accountId().equals(ctx.account());
        if (request.bucketAccountId() != null ? !request.bucketAccountId().equals(bucket.accountId()) : !ownBucket) {
            throw S3Errors.accessDenied(); // another account's bucket is named with its owner's id, as AWS asks
        }
        if (!bucket.region().equals(ctx.region())) {
            throw new AwsException("InvalidRequest", 400, "The bucket and the access point must be in the same region");
        }
        PublicAccessBlockConfiguration c = request.publicAccessBlockConfiguration();
        // a new access point blocks all public access unless told otherwise, as on AWS
        PublicAccessBlockConfiguration pab = PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(c == null || !Boolean.FALSE.equals(c.blockPublicAcls()))
                .ignorePublicAcls(c == null || !Boolean.FALSE.equals(c.ignorePublicAcls()))
                .blockPublicPolicy(c == null || !Boolean.FALSE.equals(c.blockPublicPolicy()))
                .restrictPublicBuckets(c == null || !Boolean.FALSE.equals(c.restrictPublicBuckets())).build();
        AccessPoint ap = new AccessPoint(ctx.account(), ctx.region(), name, bucket.name(), bucket.accountId(),
                alias(name), request.vpcConfiguration() == null ? null : request.vpcConfiguration().vpcId(),
                ModelJson.write(pab), null, clock.now().truncatedTo(ChronoUnit.MILLIS));
        if (!accessPoints.create(ap)) {
            throw new AwsException("AccessPointAlreadyOwnedByYou", 409,
                    "Your previous request to create the named accesspoint succeeded and you already own it.");
        }
        return CreateAccessPointResponse.builder().accessPointArn(ap.arn()).alias(ap.alias()).build();
    }

    public GetAccessPointResponse getAccessPoint(RequestContext ctx, GetAccessPointRequest request) {
        AccessPoint ap = require(ctx, request.accountId(), request.name());
        String region = ap.region();
        return GetAccessPointResponse.builder().name(ap.name()).bucket(ap.bucket()).networkOrigin(ap.networkOrigin())
                .vpcConfiguration(vpc(ap))
                .publicAccessBlockConfiguration(publicAccessBlock(ap)).creationDate(ap.createdAt()).alias(ap.alias())
                .accessPointArn(ap.arn()).bucketAccountId(ap.bucketAccountId())
                .endpoints(Map.of("ipv4", "s3-accesspoint." + region + ".amazonaws.com",
                        "fips", "s3-accesspoint-fips." + region + ".amazonaws.com",
                        "fips_dualstack", "s3-accesspoint-fips.dualstack." + region + ".amazonaws.com",
                        "dualstack", "s3-accesspoint.dualstack." + region + ".amazonaws.com"))
                .build();
    }

    public StreamingResponse<DeleteAccessPointResponse> deleteAccessPoint(RequestContext ctx,
                                                                          DeleteAccessPointRequest request) {
        checkAccount(ctx, request.accountId());
        if (!accessPoints.delete(ctx.account(), ctx.region(), request.name())) {
            throw noSuchAccessPoint(request.name());
        }
        return StreamingResponse.headersOnly(DeleteAccessPointResponse.builder().build(), 204);
    }

    public ListAccessPointsResponse listAccessPoints(RequestContext ctx, ListAccessPointsRequest request) {
        checkAccount(ctx, request.accountId());
        int max = request.maxResults() == null ? 1000 : request.maxResults();
        if (max < 0 || max > 1000) {
            throw new AwsException("InvalidRequest", 400, "MaxResults must be between 0 and 1000");
        }
        List<AccessPoint> page = accessPoints.list(ctx.account(), ctx.region(), request.bucket(),
                ContinuationTokens.decode(request.nextToken()), max + 1);
        boolean more = page.size() > max;
        List<AccessPoint> shown = more ? page.subList(0, max) : page;
        return ListAccessPointsResponse.builder()
                .accessPointList(shown.stream().map(ap -> software.amazon.awssdk.services.s3control.model.AccessPoint
                        .builder().name(ap.name()).networkOrigin(ap.networkOrigin())
                        .vpcConfiguration(vpc(ap)).bucket(ap.bucket())
                        .accessPointArn(ap.arn()).alias(ap.alias()).bucketAccountId(ap.bucketAccountId()).build())
                        .toList())
                .nextToken(more && !shown.isEmpty() ? ContinuationTokens.encode(shown.getLast().name()) : null)
                .build();
    }

    public PutAccessPointPolicyResponse putAccessPointPolicy(RequestContext ctx, PutAccessPointPolicyRequest request) {
        AccessPoint ap = require(ctx, request.accountId(), request.name());
        PolicyDocument policy = S3Policies.checked(request.policy(), ap.arn());
        if (Boolean.TRUE.equals(publicAccessBlock(ap).blockPublicPolicy()) && policy.isPublic()) {
            throw S3Errors.accessDenied(); // BlockPublicPolicy of the access point refuses a public policy
        }
        if (!accessPoints.setPolicy(ap.accountId(), ap.region(), ap.name(), request.policy())) {
            throw noSuchAccessPoint(ap.name());
        }
        return PutAccessPointPolicyResponse.builder().build();
    }

    public GetAccessPointPolicyResponse getAccessPointPolicy(RequestContext ctx, GetAccessPointPolicyRequest request) {
        AccessPoint ap = require(ctx, request.accountId(), request.name());
        if (ap.policy() == null) {
            throw noSuchAccessPointPolicy(ap.name());
        }
        return GetAccessPointPolicyResponse.builder().policy(ap.policy()).build();
    }

    public StreamingResponse<DeleteAccessPointPolicyResponse> deleteAccessPointPolicy(RequestContext ctx,
            DeleteAccessPointPolicyRequest request) {
        AccessPoint ap = require(ctx, request.accountId(), request.name());
        accessPoints.setPolicy(ap.accountId(), ap.region(), ap.name(), null);
        return StreamingResponse.headersOnly(DeleteAccessPointPolicyResponse.builder().build(), 204);
    }

    /** Public when a statement grants everyone without a condition narrowing who; no policy is not public. */
    public GetAccessPointPolicyStatusResponse getAccessPointPolicyStatus(RequestContext ctx,
            GetAccessPointPolicyStatusRequest request) {
        AccessPoint ap = require(ctx, request.accountId(), request.name());
        if (ap.policy() == null) {
            throw noSuchAccessPointPolicy(ap.name());
        }
        boolean isPublic = S3Policies.attachedTo(ap.policy(), ap.arn()).isPublic();
        return GetAccessPointPolicyStatusResponse.builder().policyStatus(s -> s.isPublic(isPublic)).build();
    }

    private static VpcConfiguration vpc(AccessPoint ap) {
        return ap.vpcId() == null ? null : VpcConfiguration.builder().vpcId(ap.vpcId()).build();
    }

    /** The access point's PublicAccessBlock settings as stored. */
    static PublicAccessBlockConfiguration publicAccessBlock(AccessPoint ap) {
        return ModelJson.read(ap.publicAccessBlock(), PublicAccessBlockConfiguration.class);
    }

    private AccessPoint require(RequestContext ctx, String accountId, String name) {
        checkAccount(ctx, accountId);
        return accessPoints.find(ctx.account(), ctx.region(), name).orElseThrow(() -> noSuchAccessPoint(name));
    }

    /** S3 Control acts on the account in {@code x-amz-account-id}: only that account's own credentials may. */
    private static void checkAccount(RequestContext ctx, String accountId) {
        if (!ctx.account().equals(accountId)) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * {@code <name>-<34 random characters>-s3alias}, the name cut so that the alias is a valid bucket name (at most
     * 63 characters), as AWS forms them.
     */
    private static String alias(String name) {
        StringBuilder sb = new StringBuilder(name.length() > 20 ? name.substring(0, 20) : name);
        if (sb.charAt(sb.length() - 1) == '-') {
            sb.setLength(sb.length() - 1);
        }
        sb.append('-');
        for (int i = 0; i < 34; i++) {
            sb.append(ALIAS_CHARS.charAt(RANDOM.nextInt(ALIAS_CHARS.length())));
        }
        return sb.append("-s3alias").toString();
    }

    static AwsException noSuchAccessPoint(String name) {
        return new AwsException("NoSuchAccessPoint", 404, "The specified accesspoint does not exist")
                .with("AccessPointName", name);
    }

    private static AwsException noSuchAccessPointPolicy(String name) {
        return new AwsException("NoSuchAccessPointPolicy", 404, "The specified accesspoint policy does not exist")
                .with("AccessPointName", name);
    }

    private static AwsException invalidUri() {
        return new AwsException("InvalidURI", 400, "Couldn't parse the specified URI.");
    }
}
