package dev.overcast.glue.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in for the EventBridge rules that target Glue workflows (the suite has no EventBridge):
 * {@code OVERCAST_GLUE_EVENT_SOURCES} ({@code overcast.glue.event-sources}), {@code workflowName=bucket[/keyPrefix],…},
 * routes each "Object Created" event of the bucket (under the key prefix, when given) to the EVENT triggers of the
 * workflow, as a rule with the pattern {@code {"source":["aws.s3"],"detail-type":["Object Created"],
 * "detail":{"bucket":{"name":[bucket]},"object":{"key":[{"prefix":keyPrefix}]}}}} would. S3 sends a bucket's events to
 * EventBridge only while its notification configuration has EventBridgeConfiguration, here as there.
 */
record EventSources(List<Rule> rules) {

    /** One rule: the workflow whose EVENT triggers receive the bucket's Object Created events under the prefix. */
    record Rule(String workflow, String bucket, String keyPrefix) {

        boolean matches(String eventBucket, String key) {
            return bucket.equals(eventBucket) && key != null && key.startsWith(keyPrefix);
        }
    }

    static EventSources parse(String text) {
        List<Rule> rules = new ArrayList<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("OVERCAST_GLUE_EVENT_SOURCES: '" + entry.trim()
                            + "' is not workflowName=bucket[/keyPrefix]");
                }
                String target = entry.substring(eq + 1).trim();
                int slash = target.indexOf('/');
                rules.add(new Rule(entry.substring(0, eq).trim(), slash < 0 ? target : target.substring(0, slash),
                        slash < 0 ? "" : target.substring(slash + 1)));
            }
        }
        return new EventSources(List.copyOf(rules));
    }

    List<Rule> matching(String bucket, String key) {
        return rules.stream().filter(r -> r.matches(bucket, key)).toList();
    }
}
