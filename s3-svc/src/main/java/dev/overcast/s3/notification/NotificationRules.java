package dev.overcast.s3.notification;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bucket's notification configuration as stored on its row: the destinations (queues, topics and functions, each
 * with its event patterns and key filter) and whether every event also goes to EventBridge.
 *
 * @param destinations in the order Put listed them: topics, queues, then functions
 * @param eventBridge  whether EventBridgeConfiguration is set
 */
public record NotificationRules(List<Destination> destinations, boolean eventBridge) {

    public static final NotificationRules NONE = new NotificationRules(List.of(), false);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Parsed configurations by their stored text: a bucket's cached row keeps its text, so a put parses nothing. */
    private static final Map<String, NotificationRules> PARSED = new ConcurrentHashMap<>();

    /** What kind of destination an ARN names, by the configuration list it came in. */
    public enum Kind { QUEUE, TOPIC, FUNCTION }

    /**
     * One destination.
     *
     * @param filterRules the key filter's rules as given (name {@code Prefix} or {@code Suffix}, value), in order
     */
    public record Destination(String id, Kind kind, String arn, List<String> events, List<FilterRule> filterRules) {

        /** Whether an event of this name ({@code ObjectCreated:Put}) on this key goes to this destination. */
        public boolean matches(String eventName, String key) {
            String full = "s3:" + eventName;
            boolean subscribed = false;
            for (String pattern : events) {
                if (covers(pattern, full)) {
                    subscribed = true;
                    break;
                }
            }
            return subscribed && key.startsWith(filterValue("Prefix")) && key.endsWith(filterValue("Suffix"));
        }

        /**
         * The filter's value of that name, URL-decoded (S3 takes special characters in filter values URL-encoded),
         * empty when absent.
         */
        String filterValue(String name) {
            for (FilterRule r : filterRules) {
                if (r.name().equals(name)) {
                    try {
                        return URLDecoder.decode(r.value(), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return r.value();
                    }
                }
            }
            return "";
        }
    }

    /** A key filter rule: {@code Prefix} or {@code Suffix} and its value. */
    public record FilterRule(String name, String value) {
    }

    /** Whether an event pattern ({@code s3:ObjectCreated:*}) covers an event or pattern ({@code s3:ObjectCreated:Put}). */
    static boolean covers(String pattern, String event) {
        return pattern.equals(event) || pattern.endsWith(":*") && event.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    /** Whether anything is configured: events to emit at all. */
    public boolean any() {
        return eventBridge || !destinations.isEmpty();
    }

    /** The configuration stored on a bucket's row (null: none). */
    public static NotificationRules of(String stored) {
        if (stored == null) {
            return NONE;
        }
        NotificationRules rules = PARSED.get(stored);
        if (rules == null) {
            rules = JSON.readValue(stored, NotificationRules.class);
            if (PARSED.size() > 10_000) {
                PARSED.clear();
            }
            PARSED.put(stored, rules);
        }
        return rules;
    }

    /** The text to store on the bucket's row: null when nothing is configured. */
    public String toStored() {
        return any() ? JSON.writeValueAsString(this) : null;
    }
}
