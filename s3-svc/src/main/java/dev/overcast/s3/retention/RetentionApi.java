package dev.overcast.s3.retention;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.ReplicaChanges;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.versioning.Versions;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLegalHoldResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.PutObjectLegalHoldResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionResponse;

/**
 * An object version's Object Lock: Put/GetObjectRetention (a COMPLIANCE retention is never shortened or loosened; a
 * GOVERNANCE one only with {@code x-amz-bypass-governance-retention}) and Put/GetObjectLegalHold. A change of a
 * replicated version or of a replica is noted for replication in its transaction ({@link ReplicaChanges}).
 */
@AwsApi(api = "s3")
public class RetentionApi {

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final RetentionStore retention;
    private final JdbcTemplate jdbc;

    public RetentionApi(BucketStore buckets, ObjectStore objects, RetentionStore retention, JdbcTemplate jdbc) {
        this.buckets = buckets;
        this.objects = objects;
        this.retention = retention;
        this.jdbc = jdbc;
    }

    public PutObjectRetentionResponse putObjectRetention(RequestContext ctx, PutObjectRetentionRequest request) {
        UploadChecksum.requireDigest(ctx);
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = lockedBucket(ctx, request.bucket());
        ObjectLockRetention r = request.retention();
        if (r == null || r.mode() == ObjectLockRetentionMode.UNKNOWN_TO_SDK_VERSION
                || (r.mode() == null) != (r.retainUntilDate() == null)) {
            throw S3Errors.malformedXml();
        }
        Instant now = objects.now();
        if (r.retainUntilDate() != null && !r.retainUntilDate().isAfter(now)) {
            throw S3Errors.invalidArgument("The retain until date must be in the future!", "RetainUntilDate",
                    r.retainUntilDate().toString());
        }
        boolean bypass = Boolean.TRUE.equals(request.bypassGovernanceRetention());
        retention.change(bucket.name(), request.key(), versionId, current -> {
            if (current.retained(now) && loosens(current, r)) {
                if (ObjectLock.COMPLIANCE.equals(current.mode()) || !bypass) {
                    throw ObjectLock.protectedByLock();
                }
            }
            return current.withRetention(r.modeAsString(), r.retainUntilDate());
        }, version -> ReplicaChanges.changed(jdbc, ctx, version));
        return PutObjectRetentionResponse.builder().build();
    }

    /** Whether the new retention protects less than the current one: removed, shorter, or COMPLIANCE made GOVERNANCE. */
    private static boolean loosens(ObjectLock current, ObjectLockRetention next) {
        return next.mode() == null || next.retainUntilDate().isBefore(current.retainUntil())
                || (ObjectLock.COMPLIANCE.equals(current.mode()) && next.mode() != ObjectLockRetentionMode.COMPLIANCE);
    }

    public GetObjectRetentionResponse getObjectRetention(RequestContext ctx, GetObjectRetentionRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = lockedBucket(ctx, request.bucket());
        ObjectLock lock = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId), request.key(),
                versionId, "GET").attributes().lock();
        if (lock.mode() == null) {
            throw noLockConfiguration();
        }
        return GetObjectRetentionResponse.builder().retention(ObjectLockRetention.builder().mode(lock.mode())
                .retainUntilDate(lock.retainUntil()).build()).build();
    }

    public PutObjectLegalHoldResponse putObjectLegalHold(RequestContext ctx, PutObjectLegalHoldRequest request) {
        UploadChecksum.requireDigest(ctx);
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = lockedBucket(ctx, request.bucket());
        if (request.legalHold() == null || request.legalHold().status() == null
                || request.legalHold().status() == ObjectLockLegalHoldStatus.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.malformedXml();
        }
        retention.change(bucket.name(), request.key(), versionId,
                current -> current.withLegalHold(request.legalHold().statusAsString()),
                version -> ReplicaChanges.changed(jdbc, ctx, version));
        return PutObjectLegalHoldResponse.builder().build();
    }

    public GetObjectLegalHoldResponse getObjectLegalHold(RequestContext ctx, GetObjectLegalHoldRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = lockedBucket(ctx, request.bucket());
        ObjectLock lock = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId), request.key(),
                versionId, "GET").attributes().lock();
        if (lock.legalHold() == null) {
            throw noLockConfiguration();
        }
        return GetObjectLegalHoldResponse.builder().legalHold(h -> h.status(lock.legalHold())).build();
    }

    private Bucket lockedBucket(RequestContext ctx, String name) {
        Bucket bucket = buckets.require(ctx, name);
        if (!bucket.objectLockEnabled()) {
            throw S3Errors.invalidRequest("Bucket is missing Object Lock Configuration");
        }
        return bucket;
    }

    private static AwsException noLockConfiguration() {
        return new AwsException("NoSuchObjectLockConfiguration", 404,
                "The specified object does not have a ObjectLock configuration");
    }
}
