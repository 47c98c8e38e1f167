package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The {@code x-amz-copy-source} header: {@code [/]bucket/key[?versionId=id]}, the key URL-encoded. */
public record CopySource(String bucket, String key, String versionId) {

    public static CopySource parse(String header) {
        if (header == null || header.isBlank()) {
            throw S3Errors.invalidCopySource(header);
        }
        String value = header.startsWith("/") ? header.substring(1) : header;
        String versionId = null;
        int q = value.indexOf('?');
        if (q >= 0) {
            String query = value.substring(q + 1);
            value = value.substring(0, q);
            if (query.startsWith("versionId=")) {
                versionId = query.substring("versionId=".length());
            }
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw S3Errors.invalidCopySource(header);
        }
        String bucket = value.substring(0, slash);
        String key;
        try {
            key = URLDecoder.decode(value.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidCopySource(header);
        }
        return new CopySource(bucket, key, versionId);
    }
}
