package dev.overcast.s3.object;

import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.encryption.Encryption;
import java.time.Instant;
import java.util.Map;

/**
 * One version of an object: its metadata row (the bytes are read separately, as a stream). {@code partCount} is
 * null for a single-part object, else the number of parts of a completed multipart upload; {@code checksum} is null
 * when the object was uploaded without a flexible checksum. {@code versionId} is {@code "null"} for the version
 * written while the bucket's versioning was off or suspended; {@code latest} marks the key's current version; a
 * delete marker has no bytes and no ETag. {@code sseIv} is the initial counter block of a single-part SSE-C object's
 * bytes (a multipart object's parts carry their own). {@code inlineData}: the bytes of an object small enough to live
 * in its row, when the row was read for its bytes (a GET), else null.
 */
public record StoredObject(long id, String bucket, String key, long size, String etag, Instant lastModified,
                           String contentType, String contentEncoding, String contentDisposition,
                           String contentLanguage, String cacheControl, String expires, String storageClass,
                           Map<String, String> userMetadata, int chunkSize, int chunkCount, Integer partCount,
                           Map<String, String> tags, Encryption encryption, ObjectChecksum checksum,
                           String versionId, boolean latest, boolean deleteMarker, byte[] sseIv,
                           byte[] inlineData) {

    public static StoredObject of(long id, ObjectWrite w, long size, String etag, Instant lastModified, int chunkSize,
                                  int chunkCount, Integer partCount, ObjectChecksum checksum, byte[] sseIv) {
        return new StoredObject(id, w.bucket(), w.key(), size, etag, lastModified, w.contentType(),
                w.contentEncoding(), w.contentDisposition(), w.contentLanguage(), w.cacheControl(), w.expires(),
                w.storageClass(), w.userMetadata(), chunkSize, chunkCount, partCount, w.tags(), w.encryption(),
                checksum, null, true, false, sseIv, null);
    }

    /** A delete marker for the key, its version id still to be given by the store. */
    public static StoredObject deleteMarker(long id, String bucket, String key, Instant lastModified) {
        return new StoredObject(id, bucket, key, 0, null, lastModified, null, null, null, null, null, null,
                "STANDARD", Map.of(), 0, 0, null, Map.of(), null, null, null, true, true, null, null);
    }

    /** This object as the given version of its key, current. */
    public StoredObject asVersion(long newId, String newVersionId) {
        return new StoredObject(newId, bucket, key, size, etag, lastModified, contentType, contentEncoding,
                contentDisposition, contentLanguage, cacheControl, expires, storageClass, userMetadata, chunkSize,
                chunkCount, partCount, tags, encryption, checksum, newVersionId, true, deleteMarker, sseIv, null);
    }

    /** What a copy with the COPY directives carries over. */
    public ObjectWrite attributes() {
        return new ObjectWrite(bucket, key, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, storageClass, userMetadata, tags, encryption);
    }
}
