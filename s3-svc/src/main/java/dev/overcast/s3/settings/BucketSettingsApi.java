package dev.overcast.s3.settings;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import software.amazon.awssdk.services.s3.model.BucketAccelerateStatus;
import software.amazon.awssdk.services.s3.model.GetBucketAccelerateConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAccelerateConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketRequestPaymentRequest;
import software.amazon.awssdk.services.s3.model.GetBucketRequestPaymentResponse;
import software.amazon.awssdk.services.s3.model.Payer;
import software.amazon.awssdk.services.s3.model.PutBucketAccelerateConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketAccelerateConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketRequestPaymentRequest;
import software.amazon.awssdk.services.s3.model.PutBucketRequestPaymentResponse;

/**
 * Transfer Acceleration (Put/GetBucketAccelerateConfiguration: recorded; the accelerate endpoint answers as the normal
 * one) and RequestPayment (Put/GetBucketRequestPayment: with Requester, another account's request must carry
 * {@code x-amz-request-payer: requester}).
 */
@AwsApi(api = "s3")
public class BucketSettingsApi {

    private final BucketStore buckets;

    public BucketSettingsApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public PutBucketAccelerateConfigurationResponse putBucketAccelerateConfiguration(RequestContext ctx,
            PutBucketAccelerateConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        var c = request.accelerateConfiguration();
        if (c == null || c.status() == null || c.status() == BucketAccelerateStatus.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.malformedXml();
        }
        if (bucket.name().contains(".")) {
            throw S3Errors.invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in "
                    + "their names");
        }
        buckets.setSetting(bucket.name(), "accelerate", c.statusAsString());
        return PutBucketAccelerateConfigurationResponse.builder().build();
    }

    @XmlRoot("AccelerateConfiguration")
    public GetBucketAccelerateConfigurationResponse getBucketAccelerateConfiguration(RequestContext ctx,
            GetBucketAccelerateConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return GetBucketAccelerateConfigurationResponse.builder().status(buckets.accelerate(bucket.name())).build();
    }

    public PutBucketRequestPaymentResponse putBucketRequestPayment(RequestContext ctx,
            PutBucketRequestPaymentRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        var c = request.requestPaymentConfiguration();
        if (c == null || c.payer() == null || c.payer() == Payer.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.malformedXml();
        }
        buckets.setSetting(bucket.name(), "request_payer", c.payer() == Payer.REQUESTER ? "Requester" : null);
        return PutBucketRequestPaymentResponse.builder().build();
    }

    @XmlRoot("RequestPaymentConfiguration")
    public GetBucketRequestPaymentResponse getBucketRequestPayment(RequestContext ctx,
            GetBucketRequestPaymentRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return GetBucketRequestPaymentResponse.builder()
                .payer(bucket.requestPayer() == null ? Payer.BUCKET_OWNER : Payer.REQUESTER).build();
    }
}
