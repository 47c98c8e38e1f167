package dev.overcast.s3.lifecycle;

import dev.overcast.common.protocol.json.ModelJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A bucket's lifecycle configuration compiled once per stored text (the bucket row holds it as JSON): the rules, and
 * the {@code x-amz-expiration} header an object gets from them.
 */
public final class LifecycleRules {

    public static final LifecycleRules NONE = new LifecycleRules(List.of());
    private static final Map<String, LifecycleRules> COMPILED = new ConcurrentHashMap<>();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
            "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final List<LifecycleRule> rules;

    private LifecycleRules(List<LifecycleRule> rules) {
        this.rules = rules;
    }

    public List<LifecycleRule> rules() {
        return rules;
    }

    /** The rules of a configuration as the bucket row stores it (null: none), compiled once per distinct text. */
    public static LifecycleRules of(String json) {
        if (json == null) {
            return NONE;
        }
        LifecycleRules compiled = COMPILED.get(json);
        if (compiled == null) {
            if (COMPILED.size() > 10_000) {
                COMPILED.clear();
            }
            compiled = compile(ModelJson.read(json, BucketLifecycleConfiguration.class));
            COMPILED.put(json, compiled);
        }
        return compiled;
    }

    static LifecycleRules compile(BucketLifecycleConfiguration configuration) {
        List<LifecycleRule> rules = new ArrayList<>();
        for (software.amazon.awssdk.services.s3.model.LifecycleRule r : configuration.rules()) {
            var e = r.expiration();
            var nve = r.noncurrentVersionExpiration();
            rules.add(new LifecycleRule(r.id(), "Enabled".equals(r.statusAsString()), filter(r),
                    e == null ? null : e.days(), e == null ? null : e.date(),
                    e != null && Boolean.TRUE.equals(e.expiredObjectDeleteMarker()),
                    nve == null ? null : nve.noncurrentDays(),
                    nve == null || nve.newerNoncurrentVersions() == null ? 0 : nve.newerNoncurrentVersions(),
                    r.transitions().stream().map(t -> new LifecycleRule.Step(t.days(), t.date(),
                            t.storageClassAsString(), 0)).toList(),
                    r.noncurrentVersionTransitions().stream().map(t -> new LifecycleRule.Step(t.noncurrentDays(), null,
                            t.storageClassAsString(), t.newerNoncurrentVersions() == null ? 0
                            : t.newerNoncurrentVersions())).toList(),
                    r.abortIncompleteMultipartUpload() == null ? null
                            : r.abortIncompleteMultipartUpload().daysAfterInitiation()));
        }
        return new LifecycleRules(List.copyOf(rules));
    }

    @SuppressWarnings("deprecation") // the rule-level Prefix is how older clients still send the filter
    static LifecycleRule.Filter filter(software.amazon.awssdk.services.s3.model.LifecycleRule r) {
        LifecycleRuleFilter f = r.filter();
        if (f == null) {
            return new LifecycleRule.Filter(r.prefix() == null ? "" : r.prefix(), Map.of(), null, null);
        }
        LifecycleRuleAndOperator and = f.and();
        if (and != null) {
            return new LifecycleRule.Filter(and.prefix() == null ? "" : and.prefix(), tags(and.tags()),
                    and.objectSizeGreaterThan(), and.objectSizeLessThan());
        }
        return new LifecycleRule.Filter(f.prefix() == null ? "" : f.prefix(),
                f.tag() == null ? Map.of() : tags(List.of(f.tag())), f.objectSizeGreaterThan(), f.objectSizeLessThan());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return Map.copyOf(map);
    }

    /**
     * The {@code x-amz-expiration} header of a current version (null when no enabled rule expires it): the earliest
     * expiry among the rules that match it, as {@code expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="id"}.
     */
    public String expirationHeader(String key, long size, Map<String, String> tags, Instant created) {
        Instant earliest = null;
        String ruleId = null;
        for (LifecycleRule rule : rules) {
            if (!rule.enabled() || !rule.filter().matches(key, size, tags)) {
                continue;
            }
            Instant expiry = rule.expiry(created);
            if (expiry != null && (earliest == null || expiry.isBefore(earliest))) {
                earliest = expiry;
                ruleId = rule.id();
            }
        }
        if (earliest == null) {
            return null;
        }
        return "expiry-date=\"" + HTTP_DATE.format(earliest) + "\", rule-id=\"" + ruleId + "\"";
    }
}
