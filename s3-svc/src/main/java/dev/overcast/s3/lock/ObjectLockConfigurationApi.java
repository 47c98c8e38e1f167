package dev.overcast.s3.lock;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.UploadChecksum;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutObjectLockConfigurationResponse;

/**
 * A bucket's Object Lock configuration: Put/GetObjectLockConfiguration (enabling Object Lock on a versioned bucket, and
 * its default retention, which {@link #defaultLock} applies to new objects).
 */
@AwsApi(api = "s3")
public class ObjectLockConfigurationApi {

    private final BucketStore buckets;

    public ObjectLockConfigurationApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public PutObjectLockConfigurationResponse putObjectLockConfiguration(RequestContext ctx,
            PutObjectLockConfigurationRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        ObjectLockConfiguration c = request.objectLockConfiguration();
        if (c == null || c.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            throw S3Errors.malformedXml();
        }
        if (c.rule() != null) {
            DefaultRetention d = c.rule().defaultRetention();
            if (d == null || d.mode() == null || d.mode() == ObjectLockRetentionMode.UNKNOWN_TO_SDK_VERSION
                    || (d.days() == null) == (d.years() == null)) {
                throw S3Errors.malformedXml();
            }
            Integer period = d.days() != null ? d.days() : d.years();
            if (period <= 0) {
                throw S3Errors.invalidArgument("Default retention period must be a positive integer value.",
                        d.days() != null ? "Days" : "Years", period.toString());
            }
        }
        if (!bucket.objectLockEnabled() && !"Enabled".equals(bucket.versioning())) {
            throw new AwsException("InvalidBucketState", 409,
                    "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
        }
        buckets.setObjectLock(bucket.name(), c.rule() == null ? null : ModelJson.write(c));
        return PutObjectLockConfigurationResponse.builder().build();
    }

    public GetObjectLockConfigurationResponse getObjectLockConfiguration(RequestContext ctx,
            GetObjectLockConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (!bucket.objectLockEnabled()) {
            throw new AwsException("ObjectLockConfigurationNotFoundError", 404,
                    "Object Lock configuration does not exist for this bucket").with("BucketName", bucket.name());
        }
        ObjectLockConfiguration stored = ModelJson.read(bucket.objectLock(), ObjectLockConfiguration.class);
        return GetObjectLockConfigurationResponse.builder().objectLockConfiguration(ObjectLockConfiguration.builder()
                .objectLockEnabled(ObjectLockEnabled.ENABLED).rule(stored == null ? null : stored.rule()).build()).build();
    }

    /** The retention a new object of the bucket gets by default at {@code now} ({@link ObjectLock#NONE}: none). */
    public static ObjectLock defaultLock(Bucket bucket, Instant now) {
        if (!bucket.objectLockEnabled() || bucket.objectLock() == null) {
            return ObjectLock.NONE;
        }
        DefaultRetention d = DefaultRetentions.of(bucket.objectLock());
        if (d == null) {
            return ObjectLock.NONE;
        }
        Instant until = d.days() != null ? now.plus(java.time.Duration.ofDays(d.days()))
                : now.atZone(ZoneOffset.UTC).plusYears(d.years()).toInstant();
        return new ObjectLock(d.modeAsString(), until, null);
    }
}
