package dev.overcast.s3.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.Tag;

/** Which rule of a replication configuration a version goes by: the enabled matching rule of highest priority. */
final class ReplicationRules {

    private ReplicationRules() {
    }

    @SuppressWarnings("deprecation") // the rule-level Prefix of the first schema
    static String prefix(ReplicationRule r) {
        if (r.filter() == null) {
            return r.prefix() == null ? "" : r.prefix();
        }
        if (r.filter().and() != null) {
            return r.filter().and().prefix() == null ? "" : r.filter().and().prefix();
        }
        return r.filter().prefix() == null ? "" : r.filter().prefix();
    }

    static List<Tag> tags(ReplicationRule r) {
        if (r.filter() == null) {
            return List.of();
        }
        if (r.filter().and() != null) {
            return r.filter().and().hasTags() ? r.filter().and().tags() : List.of();
        }
        return r.filter().tag() == null ? List.of() : List.of(r.filter().tag());
    }

    /** The prefixes of the enabled rules (what the put statement marks PENDING by). */
    static List<String> enabledPrefixes(ReplicationConfiguration c) {
        List<String> prefixes = new ArrayList<>();
        for (ReplicationRule r : c.rules()) {
            if ("Enabled".equals(r.statusAsString())) {
                prefixes.add(prefix(r));
            }
        }
        return prefixes;
    }

    /** The rule a version goes by, or null when none applies. */
    static ReplicationRule match(ReplicationConfiguration c, String key, Map<String, String> objectTags) {
        return c.rules().stream()
                .filter(r -> "Enabled".equals(r.statusAsString()) && key.startsWith(prefix(r))
                        && tags(r).stream().allMatch(t -> t.value().equals(objectTags.get(t.key()))))
                .max(Comparator.comparingInt(r -> r.priority() == null ? 0 : r.priority()))
                .orElse(null);
    }

    /**
     * Whether the rule replicates delete markers: under the first schema (no Filter) always, under the second when
     * its DeleteMarkerReplication is Enabled.
     */
    static boolean replicatesDeleteMarkers(ReplicationRule r) {
        return r.filter() == null || (r.deleteMarkerReplication() != null
                && "Enabled".equals(r.deleteMarkerReplication().statusAsString()));
    }

    /** Whether the rule records replication metrics (Metrics Enabled, as Replication Time Control requires). */
    static boolean metricsEnabled(ReplicationRule r) {
        return r.destination().metrics() != null && "Enabled".equals(r.destination().metrics().statusAsString());
    }

    /** The Replication Time Control threshold of the rule (15 minutes on S3), or null without RTC. */
    static Duration timeThreshold(ReplicationRule r) {
        var rtc = r.destination().replicationTime();
        if (rtc == null || !"Enabled".equals(rtc.statusAsString())) {
            return null;
        }
        return Duration.ofMinutes(rtc.time() == null || rtc.time().minutes() == null ? 15 : rtc.time().minutes());
    }

    /** The bucket an {@code arn:aws:s3:::name} ARN names, or null. */
    static String bucketOf(String arn) {
        return arn != null && arn.startsWith("arn:aws:s3:::") && arn.length() > 13 && !arn.substring(13).contains("/")
                ? arn.substring(13) : null;
    }
}
