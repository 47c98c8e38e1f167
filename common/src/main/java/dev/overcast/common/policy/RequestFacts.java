package dev.overcast.common.policy;

import java.util.List;
import java.util.Map;

/**
 * What a policy is evaluated on: the caller's account (null: anonymous), the action ({@code s3:GetObject},
 * {@code dynamodb:GetItem}), the resource ARN, the values of the single-valued condition keys the request has, and
 * those of its multi-valued ones ({@code dynamodb:LeadingKeys}, {@code dynamodb:Attributes}); keys in lower case.
 * A service may keep facts of its own in {@code keys} under names no condition key has (with a space).
 */
public record RequestFacts(String account, String action, String resource, Map<String, String> keys,
                           Map<String, List<String>> sets) {

    /** Facts with single-valued condition keys only. */
    public RequestFacts(String account, String action, String resource, Map<String, String> keys) {
        this(account, action, resource, keys, Map.of());
    }

    /** The same facts for another resource (an access point's ARN, an index of the table). */
    public RequestFacts on(String otherResource) {
        return new RequestFacts(account, action, otherResource, keys, sets);
    }
}
