package dev.overcast.s3.bucket;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.tagging.Tags;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;

/** A bucket's tag set: Get/Put/DeleteBucketTagging. */
@AwsApi(api = "s3")
public class BucketTaggingApi {

    private final BucketStore buckets;

    public BucketTaggingApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    @XmlRoot("Tagging")
    public GetBucketTaggingResponse getBucketTagging(RequestContext ctx, GetBucketTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        Map<String, String> tags = buckets.tags(request.bucket());
        if (tags == null) {
            throw new AwsException("NoSuchTagSet", 404, "The TagSet does not exist").with("BucketName", request.bucket());
        }
        return GetBucketTaggingResponse.builder().tagSet(Tags.toList(tags)).build();
    }

    public StreamingResponse<PutBucketTaggingResponse> putBucketTagging(RequestContext ctx, PutBucketTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        if (request.tagging() == null || !request.tagging().hasTagSet()) {
            throw S3Errors.malformedXml();
        }
        buckets.setTags(request.bucket(), Tags.bucketTags(request.tagging().tagSet()));
        return StreamingResponse.headersOnly(PutBucketTaggingResponse.builder().build(), 204);
    }

    public StreamingResponse<DeleteBucketTaggingResponse> deleteBucketTagging(RequestContext ctx,
                                                                              DeleteBucketTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        buckets.setTags(request.bucket(), null);
        return StreamingResponse.headersOnly(DeleteBucketTaggingResponse.builder().build(), 204);
    }
}
