package dev.overcast.s3.lock;

import dev.overcast.common.error.AwsException;
import java.time.Instant;

/**
 * A version's Object Lock state: its retention ({@code mode} GOVERNANCE or COMPLIANCE until {@code retainUntil}; both
 * null: none) and its legal hold ({@code ON}, {@code OFF}; null: never set).
 */
public record ObjectLock(String mode, Instant retainUntil, String legalHold) {

    public static final ObjectLock NONE = new ObjectLock(null, null, null);
    public static final String GOVERNANCE = "GOVERNANCE";
    public static final String COMPLIANCE = "COMPLIANCE";

    public boolean held() {
        return "ON".equals(legalHold);
    }

    /** Whether the retention still runs at {@code now}. */
    public boolean retained(Instant now) {
        return retainUntil != null && retainUntil.isAfter(now);
    }

    /**
     * Refuses to delete (or overwrite by version) a version this lock protects at {@code now}: a legal hold, a
     * COMPLIANCE retention, or a GOVERNANCE retention unless {@code bypassGovernance}.
     */
    public void checkDelete(Instant now, boolean bypassGovernance) {
        if (held() || (retained(now) && (COMPLIANCE.equals(mode) || !bypassGovernance))) {
            throw protectedByLock();
        }
    }

    public ObjectLock withRetention(String newMode, Instant until) {
        return new ObjectLock(newMode, until, legalHold);
    }

    public ObjectLock withLegalHold(String status) {
        return new ObjectLock(mode, retainUntil, status);
    }

    public static AwsException protectedByLock() {
        return new AwsException("AccessDenied", 403, "Access Denied because object protected by object lock.");
    }
}
