package dev.overcast.s3.tagging;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;

/** Tag sets of objects (Get/Put/DeleteObjectTagging) and of buckets (Get/Put/DeleteBucketTagging). */
@AwsApi(api = "s3")
public class TaggingApi {

    private final BucketStore buckets;
    private final ObjectStore objects;

    public TaggingApi(BucketStore buckets, ObjectStore objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    @XmlRoot("Tagging")
    public GetObjectTaggingResponse getObjectTagging(RequestContext ctx, GetObjectTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        StoredObject object = objects.find(request.bucket(), request.key())
                .orElseThrow(() -> S3Errors.noSuchKey(request.key()));
        return GetObjectTaggingResponse.builder().tagSet(Tags.toList(object.tags())).build();
    }

    public PutObjectTaggingResponse putObjectTagging(RequestContext ctx, PutObjectTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        if (request.tagging() == null || request.tagging().tagSet() == null) {
            throw S3Errors.malformedXml();
        }
        Map<String, String> tags = Tags.objectTags(request.tagging().tagSet());
        if (!objects.setTags(request.bucket(), request.key(), tags)) {
            throw S3Errors.noSuchKey(request.key());
        }
        return PutObjectTaggingResponse.builder().build();
    }

    public StreamingResponse<DeleteObjectTaggingResponse> deleteObjectTagging(RequestContext ctx,
                                                                              DeleteObjectTaggingRequest request) {
        buckets.require(ctx, request.bucket());
        if (!objects.setTags(request.bucket(), request.key(), Map.of())) {
            throw S3Errors.noSuchKey(request.key());
        }
        return StreamingResponse.headersOnly(DeleteObjectTaggingResponse.builder().build(), 204);
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
        if (request.tagging() == null || request.tagging().tagSet() == null) {
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
