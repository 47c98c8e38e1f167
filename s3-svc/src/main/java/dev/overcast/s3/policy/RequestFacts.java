package dev.overcast.s3.policy;

import java.util.Map;

/**
 * What a policy is evaluated on: the caller's account (null: anonymous), the action ({@code s3:GetObject}), the
 * resource ARN, and the values of the condition keys the request has (keys in lower case).
 */
public record RequestFacts(String account, String action, String resource, Map<String, String> keys) {

    /** Where the facts keep the object key the request acts on (not a condition key: none has a space). */
    static final String OBJECT_KEY = "object key";

    String objectKey() {
        return keys.get(OBJECT_KEY);
    }

    String key(String name) {
        return keys.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
