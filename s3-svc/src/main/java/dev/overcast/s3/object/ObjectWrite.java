package dev.overcast.s3.object;

import java.util.Map;

/** What a PutObject stores besides the bytes. */
public record ObjectWrite(String bucket, String key, String contentType, String contentEncoding,
                          String contentDisposition, String contentLanguage, String cacheControl, String expires,
                          String storageClass, Map<String, String> userMetadata) {
}
