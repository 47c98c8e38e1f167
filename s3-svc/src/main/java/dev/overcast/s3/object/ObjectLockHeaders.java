package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;

/**
 * Object Lock is not implemented yet: a write that asks for a retention mode, a retain-until date or a legal hold is
 * refused with S3's 501 NotImplemented naming the header, rather than stored unprotected.
 */
public final class ObjectLockHeaders {

    private ObjectLockHeaders() {
    }

    /** Refuses a write carrying any of the object-lock headers (null: absent). */
    public static void refuse(Object mode, Object retainUntilDate, Object legalHold) {
        if (mode != null) {
            throw S3Errors.notImplementedHeader("x-amz-object-lock-mode");
        }
        if (retainUntilDate != null) {
            throw S3Errors.notImplementedHeader("x-amz-object-lock-retain-until-date");
        }
        if (legalHold != null) {
            throw S3Errors.notImplementedHeader("x-amz-object-lock-legal-hold");
        }
    }
}
