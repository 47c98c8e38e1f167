package dev.overcast.s3.tagging;

import dev.overcast.common.error.AwsException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.Tag;

/** Tag sets as S3 validates them: object tags (at most 10, also from {@code x-amz-tagging}) and bucket tags (50). */
public final class Tags {

    public static final int MAX_OBJECT_TAGS = 10;
    public static final int MAX_BUCKET_TAGS = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    /** The characters S3 takes in tag keys and values: letters, separators, digits and {@code _ . : / = + - @}. */
    private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private Tags() {
    }

    /** The {@code x-amz-tagging} header ({@code k1=v1&k2=v2}, URL-encoded) as a validated object tag set. */
    public static Map<String, String> fromHeader(String header) {
        if (header == null || header.isEmpty()) {
            return Map.of();
        }
        List<Tag> tags = new ArrayList<>();
        for (String pair : header.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                tags.add(Tag.builder().key(key).value(value).build());
            } catch (IllegalArgumentException e) {
                throw invalidTag("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
            }
        }
        return objectTags(tags);
    }

    public static Map<String, String> objectTags(List<Tag> tags) {
        if (tags.size() > MAX_OBJECT_TAGS) {
            throw new AwsException("BadRequest", 400, "Object tags cannot be greater than 10");
        }
        return validated(tags);
    }

    public static Map<String, String> bucketTags(List<Tag> tags) {
        if (tags.size() > MAX_BUCKET_TAGS) {
            throw invalidTag("Bucket tag count cannot be greater than 50");
        }
        return validated(tags);
    }

    public static List<Tag> toList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> validated(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        for (Tag t : tags) {
            String key = t.key();
            String value = t.value() == null ? "" : t.value();
            if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_LENGTH
                    || !CHARACTERS.matcher(key).matches()) {
                throw invalidTag("The TagKey you have provided is invalid");
            }
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH || !CHARACTERS.matcher(value).matches()) {
                throw invalidTag("The TagValue you have provided is invalid");
            }
            if (key.startsWith("aws:")) {
                throw invalidTag("System tags cannot be added/updated by requester");
            }
            if (map.put(key, value) != null) {
                throw invalidTag("Cannot provide multiple Tags with the same key");
            }
        }
        return map;
    }

    private static AwsException invalidTag(String message) {
        return new AwsException("InvalidTag", 400, message);
    }
}
