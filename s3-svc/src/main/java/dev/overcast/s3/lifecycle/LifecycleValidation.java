package dev.overcast.s3.lifecycle;

import dev.overcast.s3.S3Errors;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.Transition;

/** S3's checks of a lifecycle configuration, with its errors and messages; nothing is stored when one fails. */
final class LifecycleValidation {

    static final int MAX_RULES = 1000;
    /** Transition storage classes with a minimum of 30 days in STANDARD first. */
    private static final Set<String> THIRTY_DAYS_FIRST = Set.of("STANDARD_IA", "ONEZONE_IA");
    private static final List<String> TRANSITION_CLASSES = List.of("GLACIER", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR");

    private LifecycleValidation() {
    }

    static void validate(BucketLifecycleConfiguration configuration) {
        if (configuration == null || !configuration.hasRules() || configuration.rules().isEmpty()
                || configuration.rules().size() > MAX_RULES) {
            throw S3Errors.malformedXml();
        }
        Set<String> ids = new HashSet<>();
        for (LifecycleRule rule : configuration.rules()) {
            validate(rule);
            if (rule.id() != null && !ids.add(rule.id())) {
                throw S3Errors.invalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID",
                        rule.id());
            }
        }
    }

    @SuppressWarnings("deprecation") // the rule-level Prefix
    private static void validate(LifecycleRule rule) {
        if (rule.id() != null && rule.id().length() > 255) {
            throw S3Errors.invalidArgument("ID length should not exceed allowed limit of 255", "ID", rule.id());
        }
        if (!"Enabled".equals(rule.statusAsString()) && !"Disabled".equals(rule.statusAsString())) {
            throw S3Errors.malformedXml();
        }
        if ((rule.filter() == null) == (rule.prefix() == null)) {
            throw S3Errors.malformedXml(); // exactly one of Filter and the rule-level Prefix
        }
        if (rule.filter() != null) {
            var f = rule.filter();
            int set = (f.prefix() != null ? 1 : 0) + (f.tag() != null ? 1 : 0) + (f.and() != null ? 1 : 0)
                    + (f.objectSizeGreaterThan() != null || f.objectSizeLessThan() != null ? 1 : 0);
            if (set > 1) {
                throw S3Errors.malformedXml(); // more than one condition goes into And
            }
        }
        dev.overcast.s3.lifecycle.LifecycleRule.Filter filter = LifecycleRules.filter(rule);
        LifecycleExpiration e = rule.expiration();
        boolean hasAction = e != null || rule.noncurrentVersionExpiration() != null || rule.hasTransitions()
                || rule.hasNoncurrentVersionTransitions() || rule.abortIncompleteMultipartUpload() != null;
        if (!hasAction) {
            throw S3Errors.invalidRequest("At least one action needs to be specified in a rule");
        }
        Long gt = filter.sizeGreaterThan();
        Long lt = filter.sizeLessThan();
        if ((gt != null && gt < 0) || (lt != null && lt <= 0)) {
            throw S3Errors.invalidRequest("ObjectSize must be a non-negative value");
        }
        if (gt != null && lt != null && gt >= lt) {
            throw S3Errors.invalidArgument("ObjectSizeLessThan must be greater than ObjectSizeGreaterThan",
                    "ObjectSizeLessThan", lt.toString());
        }
        if (e != null) {
            int given = (e.days() != null ? 1 : 0) + (e.date() != null ? 1 : 0) + (e.expiredObjectDeleteMarker() != null ? 1 : 0);
            if (given != 1) {
                throw S3Errors.malformedXml();
            }
            if (e.days() != null && e.days() <= 0) {
                throw S3Errors.invalidArgument("'Days' for Expiration action must be a positive integer", "Days",
                        e.days().toString());
            }
            midnight(e.date());
            if (Boolean.TRUE.equals(e.expiredObjectDeleteMarker()) && !filter.tags().isEmpty()) {
                throw S3Errors.invalidRequest("ExpiredObjectDeleteMarker cannot be specified with Tags.");
            }
        }
        if (rule.noncurrentVersionExpiration() != null) {
            var nve = rule.noncurrentVersionExpiration();
            if (nve.noncurrentDays() == null || nve.noncurrentDays() <= 0) {
                throw S3Errors.invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a "
                        + "positive integer", "NoncurrentDays", String.valueOf(nve.noncurrentDays()));
            }
            newer(nve.newerNoncurrentVersions());
        }
        if (rule.abortIncompleteMultipartUpload() != null) {
            Integer days = rule.abortIncompleteMultipartUpload().daysAfterInitiation();
            if (days == null || days <= 0) {
                throw S3Errors.invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must "
                        + "be a positive integer", "DaysAfterInitiation", String.valueOf(days));
            }
            if (!filter.tags().isEmpty()) {
                throw S3Errors.invalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }
        }
        transitions(rule, filter, e);
        noncurrentTransitions(rule, filter);
    }

    private static void transitions(LifecycleRule rule, dev.overcast.s3.lifecycle.LifecycleRule.Filter filter,
                                    LifecycleExpiration e) {
        Map<String, Integer> daysByClass = new java.util.HashMap<>();
        Boolean byDate = null;
        for (Transition t : rule.transitions()) {
            String sc = t.storageClassAsString();
            if (sc == null || !TRANSITION_CLASSES.contains(sc) || (t.days() == null) == (t.date() == null)) {
                throw S3Errors.malformedXml();
            }
            if (byDate != null && byDate != (t.date() != null)) {
                throw S3Errors.invalidRequest("Found mixed 'Date' and 'Days' based Transition actions in lifecycle "
                        + "rule for filter '" + filter.describe() + "'");
            }
            byDate = t.date() != null;
            if (daysByClass.containsKey(sc)) {
                throw S3Errors.invalidArgument("'StorageClass' must be different for 'Transition' actions in same "
                        + "'Rule' with filter '" + filter.describe() + "'", "StorageClass", sc);
            }
            midnight(t.date());
            if (t.days() != null) {
                if (t.days() < 0) {
                    throw S3Errors.invalidArgument("'Days' in Transition action must be nonnegative", "Days",
                            t.days().toString());
                }
                if (THIRTY_DAYS_FIRST.contains(sc) && t.days() < 30) {
                    throw S3Errors.invalidArgument("'Days' in Transition action must be greater than or equal to 30 "
                            + "for storageClass '" + sc + "'", "Days", t.days().toString());
                }
                if (e != null && e.days() != null && e.days() <= t.days()) {
                    throw S3Errors.invalidArgument("'Days' in the Expiration action for filter '" + filter.describe()
                            + "' must be greater than 'Days' in the Transition action", "Days", e.days().toString());
                }
            }
            daysByClass.put(sc, t.days());
        }
        Integer ia = daysByClass.getOrDefault("STANDARD_IA", daysByClass.get("ONEZONE_IA"));
        String iaClass = daysByClass.containsKey("STANDARD_IA") ? "STANDARD_IA" : "ONEZONE_IA";
        for (String archive : List.of("GLACIER", "DEEP_ARCHIVE")) {
            Integer days = daysByClass.get(archive);
            if (ia != null && days != null && days < ia + 30) {
                throw S3Errors.invalidArgument("'Days' in the Transition action for StorageClass '" + archive
                        + "' for filter '" + filter.describe() + "' must be 30 days more than 'filter '"
                        + filter.describe() + "'' in the Transition action for StorageClass '" + iaClass + "'",
                        "Days", days.toString());
            }
        }
    }

    private static void noncurrentTransitions(LifecycleRule rule, dev.overcast.s3.lifecycle.LifecycleRule.Filter filter) {
        Set<String> classes = new HashSet<>();
        for (NoncurrentVersionTransition t : rule.noncurrentVersionTransitions()) {
            String sc = t.storageClassAsString();
            if (sc == null || !TRANSITION_CLASSES.contains(sc) || t.noncurrentDays() == null) {
                throw S3Errors.malformedXml();
            }
            if (!classes.add(sc)) {
                throw S3Errors.invalidArgument("'StorageClass' must be different for 'NoncurrentVersionTransition' "
                        + "actions in same 'Rule' with filter '" + filter.describe() + "'", "StorageClass", sc);
            }
            if (t.noncurrentDays() < 0) {
                throw S3Errors.invalidArgument("'NoncurrentDays' in NoncurrentVersionTransition action must be "
                        + "nonnegative", "NoncurrentDays", t.noncurrentDays().toString());
            }
            if (THIRTY_DAYS_FIRST.contains(sc) && t.noncurrentDays() < 30) {
                throw S3Errors.invalidArgument("'NoncurrentDays' in NoncurrentVersionTransition action must be greater "
                        + "than or equal to 30 for storageClass '" + sc + "'", "NoncurrentDays",
                        t.noncurrentDays().toString());
            }
            newer(t.newerNoncurrentVersions());
            var nve = rule.noncurrentVersionExpiration();
            if (nve != null && nve.noncurrentDays() != null && nve.noncurrentDays() <= t.noncurrentDays()) {
                throw S3Errors.invalidArgument("'NoncurrentDays' in the NoncurrentVersionExpiration action for filter '"
                        + filter.describe() + "' must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition "
                        + "action", "NoncurrentDays", nve.noncurrentDays().toString());
            }
        }
    }

    private static void newer(Integer newer) {
        if (newer != null && (newer < 1 || newer > 100)) {
            throw S3Errors.invalidArgument("NewerNoncurrentVersions must be between 1 and 100", "NewerNoncurrentVersions",
                    newer.toString());
        }
    }

    private static void midnight(Instant date) {
        if (date != null && !date.truncatedTo(ChronoUnit.DAYS).equals(date)) {
            throw S3Errors.invalidArgument("'Date' must be at midnight GMT", "Date", date.toString());
        }
    }
}
