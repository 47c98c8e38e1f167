package dev.overcast.s3.policy;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.DeletePublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.DeletePublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;

/**
 * A bucket's policy (Put/Get/DeleteBucketPolicy, GetBucketPolicyStatus) and its PublicAccessBlock
 * (Put/Get/DeletePublicAccessBlock). {@link PolicyAccess} evaluates the policy on every request.
 */
@AwsApi(api = "s3")
public class PolicyApi {

    private final BucketStore buckets;

    public PolicyApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public StreamingResponse<PutBucketPolicyResponse> putBucketPolicy(RequestContext ctx, PutBucketPolicyRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        PolicyDocument policy = S3Policies.checked(request.policy(), S3Policies.bucketArn(bucket.name()));
        PublicAccessBlockConfiguration pab = PolicyAccess.publicAccessBlock(bucket);
        if (pab != null && Boolean.TRUE.equals(pab.blockPublicPolicy()) && policy.isPublic()) {
            throw new AwsException("AccessDenied", 403, "User: arn:aws:iam::" + ctx.account() + ":root is not "
                    + "authorized to perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::" + bucket.name()
                    + "\" because public policies are blocked by the BlockPublicPolicy block public access setting.");
        }
        if (!buckets.setPolicy(bucket.name(), request.policy())) {
            throw S3Errors.noSuchBucket(bucket.name());
        }
        return StreamingResponse.headersOnly(PutBucketPolicyResponse.builder().build(), 204);
    }

    public GetBucketPolicyResponse getBucketPolicy(RequestContext ctx, GetBucketPolicyRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (bucket.policy() == null) {
            throw noSuchBucketPolicy(bucket.name());
        }
        return GetBucketPolicyResponse.builder().policy(bucket.policy()).build();
    }

    public StreamingResponse<DeleteBucketPolicyResponse> deleteBucketPolicy(RequestContext ctx,
                                                                           DeleteBucketPolicyRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        buckets.setPolicy(bucket.name(), null);
        return StreamingResponse.headersOnly(DeleteBucketPolicyResponse.builder().build(), 204);
    }

    /** Public when a statement grants everyone without a condition narrowing who (a source IP, an account …). */
    public GetBucketPolicyStatusResponse getBucketPolicyStatus(RequestContext ctx, GetBucketPolicyStatusRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (bucket.policy() == null) {
            throw noSuchBucketPolicy(bucket.name());
        }
        boolean isPublic = S3Policies.of(bucket.policy(), bucket.name()).isPublic();
        return GetBucketPolicyStatusResponse.builder().policyStatus(s -> s.isPublic(isPublic)).build();
    }

    public PutPublicAccessBlockResponse putPublicAccessBlock(RequestContext ctx, PutPublicAccessBlockRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        PublicAccessBlockConfiguration c = request.publicAccessBlockConfiguration();
        if (c == null) {
            throw S3Errors.malformedXml();
        }
        // the four settings as S3 answers them: each false unless set
        PublicAccessBlockConfiguration stored = PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(Boolean.TRUE.equals(c.blockPublicAcls()))
                .ignorePublicAcls(Boolean.TRUE.equals(c.ignorePublicAcls()))
                .blockPublicPolicy(Boolean.TRUE.equals(c.blockPublicPolicy()))
                .restrictPublicBuckets(Boolean.TRUE.equals(c.restrictPublicBuckets())).build();
        buckets.setPublicAccessBlock(bucket.name(), ModelJson.write(stored));
        return PutPublicAccessBlockResponse.builder().build();
    }

    public GetPublicAccessBlockResponse getPublicAccessBlock(RequestContext ctx, GetPublicAccessBlockRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        PublicAccessBlockConfiguration c = PolicyAccess.publicAccessBlock(bucket);
        if (c == null) {
            throw new AwsException("NoSuchPublicAccessBlockConfiguration", 404,
                    "The public access block configuration was not found").with("BucketName", bucket.name());
        }
        return GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(c).build();
    }

    public StreamingResponse<DeletePublicAccessBlockResponse> deletePublicAccessBlock(RequestContext ctx,
            DeletePublicAccessBlockRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        buckets.setPublicAccessBlock(bucket.name(), null);
        return StreamingResponse.headersOnly(DeletePublicAccessBlockResponse.builder().build(), 204);
    }

    static AwsException noSuchBucketPolicy(String bucket) {
        return new AwsException("NoSuchBucketPolicy", 404, "The bucket policy does not exist").with("BucketName", bucket);
    }
}
