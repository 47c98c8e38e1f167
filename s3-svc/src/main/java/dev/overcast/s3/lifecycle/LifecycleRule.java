package dev.overcast.s3.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * One rule of a bucket's lifecycle configuration, compiled from the shape it was sent as: what it applies to and the
 * actions it takes. Days count as S3 counts them: an action {@code n} days after a time falls due at the first
 * midnight UTC at or after that time plus {@code n} days.
 *
 * @param expirationDays        Expiration/Days, or null
 * @param expirationDate        Expiration/Date, or null
 * @param noncurrentDays        NoncurrentVersionExpiration/NoncurrentDays, or null
 * @param newerNoncurrent       NoncurrentVersionExpiration/NewerNoncurrentVersions (0 when absent)
 * @param abortDays             AbortIncompleteMultipartUpload/DaysAfterInitiation, or null
 */
public record LifecycleRule(String id, boolean enabled, Filter filter, Integer expirationDays, Instant expirationDate,
                            boolean expiredObjectDeleteMarker, Integer noncurrentDays, int newerNoncurrent,
                            List<Step> transitions, List<Step> noncurrentTransitions, Integer abortDays) {

    /**
     * What a rule applies to: keys with the prefix ("" for all), objects carrying every tag, of a size strictly between
     * the bounds (null: unbounded).
     */
    public record Filter(String prefix, Map<String, String> tags, Long sizeGreaterThan, Long sizeLessThan) {

        public boolean matches(String key, long size, Map<String, String> objectTags) {
            if (!key.startsWith(prefix)) {
                return false;
            }
            if (sizeGreaterThan != null && size <= sizeGreaterThan) {
                return false;
            }
            if (sizeLessThan != null && size >= sizeLessThan) {
                return false;
            }
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (!tag.getValue().equals(objectTags.get(tag.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        /** How S3 names the filter in its messages: {@code (prefix=logs/)}. */
        public String describe() {
            return "(prefix=" + prefix + ")";
        }
    }

    /**
     * A transition: to the storage class, {@code days} after creation (or after becoming noncurrent) or on
     * {@code date}; for a noncurrent transition, keeping the {@code newer} newest noncurrent versions where they are.
     */
    public record Step(Integer days, Instant date, String storageClass, int newer) {
    }

    /** When an object created at {@code created} expires by this rule (null: the rule does not expire objects). */
    public Instant expiry(Instant created) {
        if (expirationDate != null) {
            return expirationDate;
        }
        return expirationDays == null ? null : due(created, expirationDays);
    }

    /** The first midnight UTC at or after {@code from} plus {@code days} days. */
    public static Instant due(Instant from, int days) {
        Instant at = from.plus(Duration.ofDays(days));
        Instant midnight = at.truncatedTo(ChronoUnit.DAYS);
        return midnight.equals(at) ? at : midnight.plus(Duration.ofDays(1));
    }

    /**
     * The latest time an object may have been created (or become noncurrent) at for an action {@code days} after it
     * to be due {@code now}: {@code due(t, days) <= now} exactly when {@code t <= cutoff(now, days)}.
     */
    public static Instant cutoff(Instant now, int days) {
        return now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
    }
}
