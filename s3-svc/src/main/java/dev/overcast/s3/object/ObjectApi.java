package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** Object reads and writes: PutObject, GetObject (with byte ranges), HeadObject, DeleteObject. */
@AwsApi(api = "s3")
public class ObjectApi {

    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_METADATA_BYTES = 2048;

    private final BucketStore buckets;
    private final ObjectStore objects;

    public ObjectApi(BucketStore buckets, ObjectStore objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    public PutObjectResponse putObject(RequestContext ctx, PutObjectRequest request) {
        validateKey(request.key());
        Map<String, String> metadata = userMetadata(request.metadata());
        buckets.require(ctx, request.bucket());
        String storageClass = request.storageClass() == null ? StorageClass.STANDARD.toString() : request.storageClassAsString();
        ObjectWrite write = new ObjectWrite(request.bucket(), request.key(), request.contentType(),
                request.contentEncoding(), request.contentDisposition(), request.contentLanguage(),
                request.cacheControl(), request.expires() == null ? null : request.expires().toString(), storageClass,
                metadata);
        StoredObject stored = objects.put(write, ctx.body(), request.contentMD5());
        return PutObjectResponse.builder()
                .eTag(stored.etag())
                .serverSideEncryption(ServerSideEncryption.AES256)
                .size(stored.size())
                .build();
    }

    public StreamingResponse<GetObjectResponse> getObject(RequestContext ctx, GetObjectRequest request) {
        buckets.require(ctx, request.bucket());
        StoredObject object = objects.find(request.bucket(), request.key())
                .orElseThrow(() -> S3Errors.noSuchKey(request.key()));
        ByteRange range = ByteRange.parse(request.range(), object.size());
        long first = range == null ? 0 : range.first();
        long last = range == null ? object.size() - 1 : range.last();
        return new StreamingResponse<>(describe(object, range), range == null ? 200 : 206, last - first + 1,
                out -> objects.read(object, first, last, out));
    }

    public StreamingResponse<HeadObjectResponse> headObject(RequestContext ctx, HeadObjectRequest request) {
        buckets.require(ctx, request.bucket());
        StoredObject object = objects.find(request.bucket(), request.key())
                .orElseThrow(() -> S3Errors.noSuchKey(request.key()));
        ByteRange range = ByteRange.parse(request.range(), object.size());
        HeadObjectResponse head = Shapes.copyMembers(describe(object, range), HeadObjectResponse.builder()).build();
        return StreamingResponse.headersOnly(head, range == null ? 200 : 206);
    }

    /** The headers GET and HEAD answer with for the object, or for one range of it. */
    private static GetObjectResponse describe(StoredObject object, ByteRange range) {
        GetObjectResponse.Builder response = GetObjectResponse.builder()
                .acceptRanges("bytes")
                .lastModified(object.lastModified())
                .eTag(object.etag())
                .contentLength(range == null ? object.size() : range.last() - range.first() + 1)
                .contentType(object.contentType() == null ? "binary/octet-stream" : object.contentType())
                .contentEncoding(object.contentEncoding())
                .contentDisposition(object.contentDisposition())
                .contentLanguage(object.contentLanguage())
                .cacheControl(object.cacheControl())
                .expires(expires(object))
                .metadata(object.userMetadata())
                .serverSideEncryption(ServerSideEncryption.AES256)
                .storageClass(StorageClass.STANDARD.toString().equals(object.storageClass()) ? null : object.storageClass());
        if (range != null) {
            response.contentRange("bytes " + range.first() + "-" + range.last() + "/" + object.size());
        }
        return response.build();
    }

    public StreamingResponse<DeleteObjectResponse> deleteObject(RequestContext ctx, DeleteObjectRequest request) {
        buckets.require(ctx, request.bucket());
        objects.delete(request.bucket(), request.key());
        return StreamingResponse.headersOnly(DeleteObjectResponse.builder().build(), 204);
    }

    static void validateKey(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw S3Errors.keyTooLong(bytes);
        }
    }

    /** User metadata as S3 keeps it: names lower-cased (they arrive as HTTP headers), at most 2 KB in all. */
    static Map<String, String> userMetadata(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> normalized = new java.util.TreeMap<>();
        int size = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            String value = e.getValue() == null ? "" : e.getValue();
            size += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            normalized.merge(name, value, (a, b) -> a + "," + b);
        }
        if (size > MAX_METADATA_BYTES) {
            throw S3Errors.metadataTooLarge(size);
        }
        return normalized;
    }

    private static Instant expires(StoredObject object) {
        if (object.expires() == null) {
            return null;
        }
        try {
            return Instant.parse(object.expires());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
