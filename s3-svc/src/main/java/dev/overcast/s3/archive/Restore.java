package dev.overcast.s3.archive;

import dev.overcast.common.error.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * The restore of an archived version (GLACIER, DEEP_ARCHIVE): its temporary copy is readable from {@code readyAt}
 * (the retrieval tier's delay after RestoreObject, on the suite's clock) until {@code expiresAt}.
 */
public record Restore(Instant readyAt, Instant expiresAt) {

    private static final Set<String> ARCHIVED = Set.of("GLACIER", "DEEP_ARCHIVE");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Whether a version of this storage class must be restored before it is read. */
    public static boolean archived(String storageClass) {
        return ARCHIVED.contains(storageClass);
    }

    public boolean ongoing(Instant now) {
        return now.isBefore(readyAt);
    }

    /** Whether the temporary copy can be read now. */
    public boolean available(Instant now) {
        return !ongoing(now) && now.isBefore(expiresAt);
    }

    /** The {@code x-amz-restore} header now (null once the copy has expired). */
    public String header(Instant now) {
        if (ongoing(now)) {
            return "ongoing-request=\"true\"";
        }
        return available(now) ? "ongoing-request=\"false\", expiry-date=\"" + HTTP_DATE.format(expiresAt) + "\"" : null;
    }

    /**
     * How long a retrieval takes, as S3 states it for the class and tier (the upper end): GLACIER Expedited 5 minutes,
     * (DEEP_ARCHIVE has no Expedited tier: as Standard)
     * Standard 5 hours, Bulk 12 hours; DEEP_ARCHIVE Standard 12 hours, Bulk 48 hours.
     */
    public static Duration delay(String storageClass, String tier) {
        boolean deep = "DEEP_ARCHIVE".equals(storageClass);
        return switch (tier) {
            case "Expedited" -> deep ? Duration.ofHours(12) : Duration.ofMinutes(5);
            case "Bulk" -> deep ? Duration.ofHours(48) : Duration.ofHours(12);
            default -> deep ? Duration.ofHours(12) : Duration.ofHours(5);
        };
    }

    /** A restore requested at {@code now}: ready after the tier's delay, kept {@code days} days (to midnight UTC). */
    public static Restore requested(Instant now, String storageClass, String tier, int days) {
        Instant ready = now.plus(delay(storageClass, tier));
        return new Restore(ready, expiry(ready, days));
    }

    /** The first midnight UTC at or after {@code from} plus {@code days} days. */
    public static Instant expiry(Instant from, int days) {
        Instant at = from.plus(Duration.ofDays(days));
        Instant midnight = at.truncatedTo(ChronoUnit.DAYS);
        return midnight.equals(at) ? at : midnight.plus(Duration.ofDays(1));
    }

    /** A read of an archived version with no restored copy. */
    public static AwsException invalidObjectState(String storageClass) {
        return new AwsException("InvalidObjectState", 403, "The operation is not valid for the object's storage class")
                .with("StorageClass", storageClass);
    }
}
