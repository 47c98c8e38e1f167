package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
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
        GetObjectResponse.Builder response = GetObjectResponse.builder()
                .acceptRanges("bytes")
                .lastModified(object.lastModified())
                .eTag(object.etag())
                .contentType(contentType(object))
                .contentEncoding(object.contentEncoding())
                .contentDisposition(object.contentDisposition())
                .contentLanguage(object.contentLanguage())
                .cacheControl(object.cacheControl())
                .expires(expires(object))
                .metadata(object.userMetadata())
                .serverSideEncryption(ServerSideEncryption.AES256)
                .storageClass(storageClass(object));
        long first = range == null ? 0 : range.first();
        long last = range == null ? object.size() - 1 : range.last();
        long length = last - first + 1;
        response.contentLength(length);
        if (range != null) {
            response.contentRange("bytes " + first + "-" + last + "/" + object.size());
        }
        return new StreamingResponse<>(response.build(), range == null ? 200 : 206, length,
                out -> objects.read(object, first, last, out));
    }

    public StreamingResponse<HeadObjectResponse> headObject(RequestContext ctx, HeadObjectRequest request) {
        buckets.require(ctx, request.bucket());
        StoredObject object = objects.find(request.bucket(), request.key())
                .orElseThrow(() -> S3Errors.noSuchKey(request.key()));
        ByteRange range = ByteRange.parse(request.range(), object.size());
        long length = range == null ? object.size() : range.last() - range.first() + 1;
        HeadObjectResponse.Builder response = HeadObjectResponse.builder()
                .acceptRanges("bytes")
                .lastModified(object.lastModified())
                .eTag(object.etag())
                .contentLength(length)
                .contentType(contentType(object))
                .contentEncoding(object.contentEncoding())
                .contentDisposition(object.contentDisposition())
                .contentLanguage(object.contentLanguage())
                .cacheControl(object.cacheControl())
                .expires(expires(object))
                .metadata(object.userMetadata())
                .serverSideEncryption(ServerSideEncryption.AES256)
                .storageClass(storageClass(object));
        if (range != null) {
            response.contentRange("bytes " + range.first() + "-" + range.last() + "/" + object.size());
        }
        return StreamingResponse.headersOnly(response.build(), range == null ? 200 : 206);
    }

    public StreamingResponse<DeleteObjectResponse> deleteObject(RequestContext ctx, DeleteObjectRequest request) {
        buckets.require(ctx, request.bucket());
        objects.delete(request.bucket(), request.key());
        return StreamingResponse.headersOnly(DeleteObjectResponse.builder().build(), 204);
    }

    public static void validateKey(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw S3Errors.keyTooLong(bytes);
        }
    }

    /** User metadata as S3 keeps it: names lower-cased (they arrive as HTTP headers), at most 2 KB in all. */
    public static Map<String, String> userMetadata(Map<String, String> metadata) {
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

    private static String contentType(StoredObject object) {
        return object.contentType() == null ? "binary/octet-stream" : object.contentType();
    }

    private static String storageClass(StoredObject object) {
        return StorageClass.STANDARD.toString().equals(object.storageClass()) ? null : object.storageClass();
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
