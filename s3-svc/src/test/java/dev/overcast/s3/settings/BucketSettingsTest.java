package dev.overcast.s3.settings;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAccelerateStatus;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.Payer;
import software.amazon.awssdk.services.s3.model.RequestPayer;

/** Acceleration, requester pays (enforced) and the configurations kept by id, through the SDK. */
class BucketSettingsTest {

    private static final S3Client S3 = S3TestService.client();
    private static final S3Client OTHER = S3TestService.client("111111111111", "us-east-1");

    @Test
    void accelerationAndRequesterPays() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        assertThat(S3.getBucketAccelerateConfiguration(b -> b.bucket(bucket)).status()).isNull();
        S3.putBucketAccelerateConfiguration(b -> b.bucket(bucket).accelerateConfiguration(a -> a
                .status(BucketAccelerateStatus.ENABLED)));
        assertThat(S3.getBucketAccelerateConfiguration(b -> b.bucket(bucket)).status())
                .isEqualTo(BucketAccelerateStatus.ENABLED);

        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        S3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
                + bucket + "/*\"}]}"));
        assertThat(S3.getBucketRequestPayment(b -> b.bucket(bucket)).payer()).isEqualTo(Payer.BUCKET_OWNER);
        S3.putBucketRequestPayment(b -> b.bucket(bucket).requestPaymentConfiguration(p -> p.payer(Payer.REQUESTER)));
        assertThat(S3.getBucketRequestPayment(b -> b.bucket(bucket)).payer()).isEqualTo(Payer.REQUESTER);
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k").requestPayer(RequestPayer.REQUESTER))
                .asUtf8String()).isEqualTo("x");
        assertThat(S3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x"); // the owner pays
    }

    @Test
    void metricsAnalyticsAndIntelligentTieringConfigurationsAreKeptById() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        assertFailure(failure(() -> S3.getBucketMetricsConfiguration(b -> b.bucket(bucket).id("m"))), 404,
                "NoSuchConfiguration", "The specified configuration does not exist.");
        S3.putBucketMetricsConfiguration(b -> b.bucket(bucket).id("m").metricsConfiguration(m -> m.id("m")
                .filter(f -> f.prefix("logs/"))));
        assertThat(S3.getBucketMetricsConfiguration(b -> b.bucket(bucket).id("m")).metricsConfiguration().filter().prefix())
                .isEqualTo("logs/");
        assertThat(S3.listBucketMetricsConfigurations(b -> b.bucket(bucket)).metricsConfigurationList()).hasSize(1);
        S3.putBucketAnalyticsConfiguration(b -> b.bucket(bucket).id("a").analyticsConfiguration(a -> a.id("a")
                .storageClassAnalysis(s -> s.build())));
        assertThat(S3.listBucketAnalyticsConfigurations(b -> b.bucket(bucket)).analyticsConfigurationList())
                .extracting(c -> c.id()).containsExactly("a");
        S3.putBucketIntelligentTieringConfiguration(b -> b.bucket(bucket).id("t").intelligentTieringConfiguration(t -> t
                .id("t").status(IntelligentTieringStatus.ENABLED).tierings(x -> x.days(90)
                        .accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS))));
        assertThat(S3.getBucketIntelligentTieringConfiguration(b -> b.bucket(bucket).id("t"))
                .intelligentTieringConfiguration().tierings().get(0).days()).isEqualTo(90);
        S3.deleteBucketMetricsConfiguration(b -> b.bucket(bucket).id("m"));
        assertThat(S3.listBucketMetricsConfigurations(b -> b.bucket(bucket)).metricsConfigurationList()).isEmpty();
        assertFailure(failure(() -> S3.deleteBucketMetricsConfiguration(b -> b.bucket(bucket).id("m"))), 404,
                "NoSuchConfiguration", null);
    }
}
