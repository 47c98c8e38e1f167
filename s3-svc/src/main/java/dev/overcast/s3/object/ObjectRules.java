package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What S3 requires of every write's key and user metadata, whichever API writes (Put, Copy, multipart, POST). */
public final class ObjectRules {

    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_METADATA_BYTES = 2048;

    private ObjectRules() {
    }

    /** A key is at most 1024 bytes of UTF-8 ({@code KeyTooLongError}). */
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
        Map<String, String> normalized = new TreeMap<>();
        int size = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue() == null ? "" : e.getValue();
            size += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            normalized.merge(name, value, (a, b) -> a + "," + b);
        }
        if (size > MAX_METADATA_BYTES) {
            throw S3Errors.metadataTooLarge(size);
        }
        return normalized;
    }
}
