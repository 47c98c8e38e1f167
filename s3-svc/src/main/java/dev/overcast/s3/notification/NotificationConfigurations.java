package dev.overcast.s3.notification;

import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.notification.NotificationRules.Destination;
import dev.overcast.s3.notification.NotificationRules.FilterRule;
import dev.overcast.s3.notification.NotificationRules.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/**
 * A notification configuration from the SDK model to {@link NotificationRules} and back, checked as S3 checks it on
 * PutBucketNotificationConfiguration: well-formed destination ARNs in the bucket's region, known event names, key
 * filters of at most one prefix and one suffix rule, unique ids (generated when absent), and no two destinations
 * that could both receive one event.
 */
final class NotificationConfigurations {

    private static final Pattern QUEUE = Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):\\d{12}:([A-Za-z0-9_-]{1,80}(\\.fifo)?)");
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern FUNCTION = Pattern.compile(
            "arn:aws[a-z-]*:lambda:([a-z0-9-]+):\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?");
    private static final String OVERLAP = "Configurations overlap. Configurations on the same bucket cannot share a "
            + "common event type.";
    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_FILTER_VALUE_BYTES = 1024;

    private NotificationConfigurations() {
    }

    /** The configuration Put asks for, checked, for a bucket in the region. */
    static NotificationRules from(NotificationConfiguration c, String bucketRegion) {
        if (c == null) {
            return NotificationRules.NONE;
        }
        List<Destination> destinations = new ArrayList<>();
        for (TopicConfiguration t : c.topicConfigurations()) {
            destinations.add(destination(Kind.TOPIC, t.id(), t.topicArn(), t.eventsAsStrings(), t.filter(), bucketRegion));
        }
        for (QueueConfiguration q : c.queueConfigurations()) {
            destinations.add(destination(Kind.QUEUE, q.id(), q.queueArn(), q.eventsAsStrings(), q.filter(), bucketRegion));
        }
        for (LambdaFunctionConfiguration f : c.lambdaFunctionConfigurations()) {
            destinations.add(destination(Kind.FUNCTION, f.id(), f.lambdaFunctionArn(), f.eventsAsStrings(), f.filter(),
                    bucketRegion));
        }
        Set<String> ids = new HashSet<>();
        for (Destination d : destinations) {
            if (!ids.add(d.id())) {
                throw invalid("Same ID used for multiple configurations. IDs must be unique.");
            }
        }
        for (int i = 0; i < destinations.size(); i++) {
            for (int j = 0; j < i; j++) {
                checkOverlap(destinations.get(j), destinations.get(i));
            }
        }
        return new NotificationRules(List.copyOf(destinations), c.eventBridgeConfiguration() != null);
    }

    private static Destination destination(Kind kind, String id, String arn, List<String> events,
                                           NotificationConfigurationFilter filter, String bucketRegion) {
        if (arn == null || arn.isEmpty() || events.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw invalid("ID length exceeded allowed limit of " + MAX_ID_LENGTH);
        }
        checkArn(kind, arn, bucketRegion);
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            if (Event.fromValue(event) == Event.UNKNOWN_TO_SDK_VERSION) {
                throw invalid("The event is not supported for notifications").with("ArgumentName", "Event")
                        .with("ArgumentValue", event);
            }
            for (int j = 0; j < i; j++) {
                if (NotificationRules.covers(events.get(j), event) || NotificationRules.covers(event, events.get(j))) {
                    throw overlap(events.get(j), event);
                }
            }
        }
        return new Destination(id == null || id.isEmpty() ? newId() : id, kind, arn, List.copyOf(events), filterRules(filter));
    }

    /** AWS's generated ids: a random UUID's text, base64-encoded. */
    private static String newId() {
        return Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkArn(Kind kind, String arn, String bucketRegion) {
        Matcher m = (switch (kind) {
            case QUEUE -> QUEUE;
            case TOPIC -> TOPIC;
            case FUNCTION -> FUNCTION;
        }).matcher(arn);
        if (!m.matches()) {
            throw invalid("The ARN is not well formed").with("ArgumentName", arn).with("ArgumentValue", arn);
        }
        if (kind == Kind.QUEUE && m.group(3) != null) {
            throw invalid("FIFO SQS queues are not supported.").with("ArgumentName", arn).with("ArgumentValue", arn);
        }
        if (!m.group(1).equals(bucketRegion)) {
            throw invalid("The notification destination service region is not valid for the bucket location constraint")
                    .with("ArgumentName", arn).with("ArgumentValue", arn);
        }
    }

    private static List<FilterRule> filterRules(NotificationConfigurationFilter filter) {
        if (filter == null) {
            return List.of();
        }
        if (filter.key() == null || filter.key().filterRules().isEmpty()) {
            throw S3Errors.malformedXml();
        }
        List<FilterRule> rules = new ArrayList<>();
        for (var r : filter.key().filterRules()) {
            String name = r.nameAsString() == null ? "" : r.nameAsString();
            String canonical = name.equalsIgnoreCase("prefix") ? "Prefix" : name.equalsIgnoreCase("suffix") ? "Suffix" : null;
            if (canonical == null) {
                throw invalid("filter rule name must be either prefix or suffix").with("ArgumentName", "FilterRule.Name")
                        .with("ArgumentValue", name);
            }
            if (rules.stream().anyMatch(existing -> existing.name().equals(canonical))) {
                throw invalid("Cannot specify more than one " + canonical.toLowerCase() + " rule in a filter.")
                        .with("ArgumentName", "FilterRule.Name").with("ArgumentValue", name);
            }
            String value = r.value() == null ? "" : r.value();
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_FILTER_VALUE_BYTES) {
                throw invalid("Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation");
            }
            rules.add(new FilterRule(canonical, value));
        }
        return List.copyOf(rules);
    }

    /**
     * Two destinations may not both receive one event: when they share an event type, their prefixes must not be
     * one the start of the other, or their suffixes one the end of the other.
     */
    private static void checkOverlap(Destination a, Destination b) {
        for (String x : a.events()) {
            for (String y : b.events()) {
                if (!NotificationRules.covers(x, y) && !NotificationRules.covers(y, x)) {
                    continue;
                }
                String pa = a.filterValue("Prefix");
                String pb = b.filterValue("Prefix");
                String sa = a.filterValue("Suffix");
                String sb = b.filterValue("Suffix");
                if ((pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa))) {
                    if (a.filterRules().isEmpty() && b.filterRules().isEmpty()) {
                        throw overlap(x, y);
                    }
                    throw invalid("Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules "
                            + "if the prefixes are overlapping for the same event type.");
                }
            }
        }
    }

    private static AwsException overlap(String x, String y) {
        return invalid(OVERLAP).with("ArgumentName", "Event").with("ArgumentValue", x + ", " + y);
    }

    private static AwsException invalid(String message) {
        return new AwsException("InvalidArgument", 400, message);
    }

    /** The stored configuration as GetBucketNotificationConfiguration answers it. */
    static GetBucketNotificationConfigurationResponse toResponse(NotificationRules rules) {
        List<TopicConfiguration> topics = new ArrayList<>();
        List<QueueConfiguration> queues = new ArrayList<>();
        List<LambdaFunctionConfiguration> functions = new ArrayList<>();
        for (Destination d : rules.destinations()) {
            NotificationConfigurationFilter filter = d.filterRules().isEmpty() ? null : NotificationConfigurationFilter
                    .builder().key(k -> k.filterRules(d.filterRules().stream().map(r ->
                            software.amazon.awssdk.services.s3.model.FilterRule.builder().name(r.name()).value(r.value())
                                    .build()).toList())).build();
            switch (d.kind()) {
                case TOPIC -> topics.add(TopicConfiguration.builder().id(d.id()).topicArn(d.arn())
                        .eventsWithStrings(d.events()).filter(filter).build());
                case QUEUE -> queues.add(QueueConfiguration.builder().id(d.id()).queueArn(d.arn())
                        .eventsWithStrings(d.events()).filter(filter).build());
                case FUNCTION -> functions.add(LambdaFunctionConfiguration.builder().id(d.id()).lambdaFunctionArn(d.arn())
                        .eventsWithStrings(d.events()).filter(filter).build());
            }
        }
        return GetBucketNotificationConfigurationResponse.builder()
                .topicConfigurations(topics.isEmpty() ? null : topics)
                .queueConfigurations(queues.isEmpty() ? null : queues)
                .lambdaFunctionConfigurations(functions.isEmpty() ? null : functions)
                .eventBridgeConfiguration(rules.eventBridge() ? EventBridgeConfiguration.builder().build() : null)
                .build();
    }
}
