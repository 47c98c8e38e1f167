package dev.overcast.s3.object;

import dev.overcast.s3.encryption.Encryption;
import java.util.Map;

/**
 * What a write stores besides the bytes: the key, content headers, storage class, user metadata, tags and the
 * server-side encryption it is written with.
 */
public record ObjectWrite(String bucket, String key, String contentType, String contentEncoding,
                          String contentDisposition, String contentLanguage, String cacheControl, String expires,
                          String storageClass, Map<String, String> userMetadata, Map<String, String> tags,
                          Encryption encryption) {

    /** The same attributes under another bucket and key. */
    public ObjectWrite at(String toBucket, String toKey) {
        return new ObjectWrite(toBucket, toKey, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, storageClass, userMetadata, tags, encryption);
    }

    public ObjectWrite withTags(Map<String, String> newTags) {
        return new ObjectWrite(bucket, key, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, storageClass, userMetadata, newTags, encryption);
    }

    public ObjectWrite withEncryption(Encryption newEncryption) {
        return new ObjectWrite(bucket, key, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, storageClass, userMetadata, tags, newEncryption);
    }
}
