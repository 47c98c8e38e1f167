package dev.overcast.s3.logging;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingResponse;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.PutBucketLoggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLoggingResponse;

/**
 * Server access logging (Put/GetBucketLogging): TargetBucket, TargetPrefix, TargetGrants and TargetObjectKeyFormat,
 * checked as S3 checks them. {@link AccessLogs} records the requests, {@link AccessLogDelivery} delivers them.
 */
@AwsApi(api = "s3")
public class BucketLoggingApi {

    private final BucketStore buckets;
    private final LoggingStore logging;

    public BucketLoggingApi(BucketStore buckets, LoggingStore logging) {
        this.buckets = buckets;
        this.logging = logging;
    }

    public PutBucketLoggingResponse putBucketLogging(RequestContext ctx, PutBucketLoggingRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (request.bucketLoggingStatus() == null) {
            throw S3Errors.malformedXml();
        }
        LoggingEnabled enabled = request.bucketLoggingStatus().loggingEnabled();
        if (enabled == null) {
            logging.set(bucket.name(), null); // an empty BucketLoggingStatus turns logging off
            return PutBucketLoggingResponse.builder().build();
        }
        if (enabled.targetBucket() == null || enabled.targetBucket().isEmpty()) {
            throw S3Errors.malformedXml();
        }
        Bucket target = buckets.find(enabled.targetBucket()).orElseThrow(() -> invalidTarget(enabled.targetBucket(),
                "The target bucket for logging does not exist"));
        if (!target.accountId().equals(bucket.accountId())) {
            throw invalidTarget(target.name(), "The owner for the bucket to be logged and the target bucket must be the same.");
        }
        if (!target.region().equals(bucket.region())) {
            throw new AwsException("CrossLocationLoggingProhibitted", 403, "Cross S3 location logging not allowed. ")
                    .with("TargetBucketLocation", target.region());
        }
        if (enabled.hasTargetGrants() && !enabled.targetGrants().isEmpty() && target.aclsDisabled()) {
            throw new AwsException("AccessControlListNotSupported", 400, "The target bucket for logging does not allow ACLs");
        }
        var format = enabled.targetObjectKeyFormat();
        if (format != null && format.simplePrefix() != null && format.partitionedPrefix() != null) {
            throw S3Errors.malformedXml();
        }
        logging.set(bucket.name(), enabled.toBuilder().targetPrefix(enabled.targetPrefix() == null ? ""
                : enabled.targetPrefix()).build());
        return PutBucketLoggingResponse.builder().build();
    }

    @XmlRoot("BucketLoggingStatus")
    public GetBucketLoggingResponse getBucketLogging(RequestContext ctx, GetBucketLoggingRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return GetBucketLoggingResponse.builder().loggingEnabled(logging.read(bucket.name()).orElse(null)).build();
    }

    private static AwsException invalidTarget(String target, String message) {
        return new AwsException("InvalidTargetBucketForLogging", 400, message).with("TargetBucket", target);
    }
}
