package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.tagging.Tags;
import dev.overcast.s3.versioning.Versions;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;

/** Tag sets of objects: Get/Put/DeleteObjectTagging (a bucket's tag set is {@code bucket.BucketTaggingApi}). */
@AwsApi(api = "s3")
public class ObjectTaggingApi {

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final Notifications notifications;
    private final JdbcTemplate jdbc;

    public ObjectTaggingApi(BucketStore buckets, ObjectStore objects, Notifications notifications, JdbcTemplate jdbc) {
        this.buckets = buckets;
        this.objects = objects;
        this.notifications = notifications;
        this.jdbc = jdbc;
    }

    @XmlRoot("Tagging")
    public GetObjectTaggingResponse getObjectTagging(RequestContext ctx, GetObjectTaggingRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        StoredObject object = ObjectVersions.readable(objects.find(request.bucket(), request.key(), versionId),
                request.key(), versionId, "GET");
        return GetObjectTaggingResponse.builder().tagSet(Tags.toList(object.tags()))
                .versionId(ObjectVersions.header(bucket, object)).build();
    }

    public PutObjectTaggingResponse putObjectTagging(RequestContext ctx, PutObjectTaggingRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (request.tagging() == null || !request.tagging().hasTagSet()) {
            throw S3Errors.malformedXml();
        }
        Map<String, String> tags = Tags.objectTags(request.tagging().tagSet());
        StoredObject object = objects.setTags(request.bucket(), request.key(), versionId, tags,
                notifications.on(ctx, bucket, "PutObjectTagging"), version -> ReplicaChanges.changed(jdbc, ctx, version));
        return PutObjectTaggingResponse.builder().versionId(ObjectVersions.header(bucket, object)).build();
    }

    public StreamingResponse<DeleteObjectTaggingResponse> deleteObjectTagging(RequestContext ctx,
                                                                              DeleteObjectTaggingRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        StoredObject object = objects.setTags(request.bucket(), request.key(), versionId, Map.of(),
                notifications.on(ctx, bucket, "DeleteObjectTagging"), version -> ReplicaChanges.changed(jdbc, ctx, version));
        return StreamingResponse.headersOnly(DeleteObjectTaggingResponse.builder()
                .versionId(ObjectVersions.header(bucket, object)).build(), 204);
    }
}
