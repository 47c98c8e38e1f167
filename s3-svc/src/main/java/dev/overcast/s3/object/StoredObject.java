package dev.overcast.s3.object;

import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.encryption.Encryption;
import java.time.Instant;
import java.util.Map;

/**
 * An object's metadata row (the bytes are read separately, as a stream). {@code partCount} is null for a
 * single-part object, else the number of parts of a completed multipart upload; {@code checksum} is null when
 * the object was uploaded without a flexible checksum.
 */
public record StoredObject(long id, String bucket, String key, long size, String etag, Instant lastModified,
                           String contentType, String contentEncoding, String contentDisposition,
                           String contentLanguage, String cacheControl, String expires, String storageClass,
                           Map<String, String> userMetadata, int chunkSize, int chunkCount, Integer partCount,
                           Map<String, String> tags, Encryption encryption, ObjectChecksum checksum) {

    public static StoredObject of(long id, ObjectWrite w, long size, String etag, Instant lastModified, int chunkSize,
                                  int chunkCount, Integer partCount, ObjectChecksum checksum) {
        return new StoredObject(id, w.bucket(), w.key(), size, etag, lastModified, w.contentType(),
                w.contentEncoding(), w.contentDisposition(), w.contentLanguage(), w.cacheControl(), w.expires(),
                w.storageClass(), w.userMetadata(), chunkSize, chunkCount, partCount, w.tags(), w.encryption(),
                checksum);
    }

    /** What a copy with the COPY directives carries over. */
    public ObjectWrite attributes() {
        return new ObjectWrite(bucket, key, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, storageClass, userMetadata, tags, encryption);
    }
}
