package dev.overcast.s3.object;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.lock.ObjectLockConfigurationApi;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The Object Lock headers of a write ({@code x-amz-object-lock-mode}, {@code -retain-until-date}, {@code -legal-hold}),
 * checked as S3 checks them, and the lock a new object gets from them or from its bucket's default retention.
 */
public final class ObjectLockHeaders {

    private ObjectLockHeaders() {
    }

    /** The lock the headers ask for ({@link ObjectLock#NONE}: none), refused when malformed. */
    public static ObjectLock requested(ObjectLockMode mode, Instant retainUntil, ObjectLockLegalHoldStatus legalHold) {
        if ((mode == null) != (retainUntil == null)) {
            throw S3Errors.invalidArgument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both "
                    + "be supplied", mode == null ? "x-amz-object-lock-retain-until-date" : "x-amz-object-lock-mode",
                    mode == null ? retainUntil.toString() : mode.toString());
        }
        if (legalHold == ObjectLockLegalHoldStatus.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", "x-amz-object-lock-legal-hold",
                    String.valueOf(legalHold));
        }
        return mode == null && legalHold == null ? ObjectLock.NONE
                : new ObjectLock(mode == null ? null : mode.toString(), retainUntil,
                legalHold == null ? null : legalHold.toString());
    }

    /**
     * The lock a new object of the bucket gets at {@code now}: the one requested, else the bucket's default retention
     * (with any legal hold requested). A lock needs a bucket with Object Lock, a date in the future, and (when
     * {@code digestRequired}: a single-request upload) a Content-MD5 or flexible checksum on the request.
     */
    public static ObjectLock forWrite(ObjectLock requested, Bucket bucket, Instant now, RequestContext ctx,
                                      boolean digestRequired) {
        if (requested != ObjectLock.NONE && !bucket.objectLockEnabled()) {
            throw S3Errors.invalidRequest("Bucket is missing Object Lock Configuration");
        }
        if (requested.retainUntil() != null && !requested.retainUntil().isAfter(now)) {
            throw S3Errors.invalidArgument("The retain until date must be in the future!",
                    "x-amz-object-lock-retain-until-date", requested.retainUntil().toString());
        }
        ObjectLock lock = requested.mode() != null ? requested
                : ObjectLockConfigurationApi.defaultLock(bucket, now).withLegalHold(requested.legalHold());
        if (digestRequired && (lock.mode() != null || lock.legalHold() != null) && ctx.header("Content-MD5") == null
                && !UploadChecksum.declared(ctx)) {
            throw S3Errors.invalidRequest("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object "
                    + "requests with Object Lock parameters");
        }
        return lock.mode() == null && lock.legalHold() == null ? ObjectLock.NONE : lock;
    }

    /**
     * Object Lock headers on a write that does not take them yet (CopyObject, POST uploads): refused with S3's 501
     * NotImplemented naming the header, rather than the object stored unprotected.
     */
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
