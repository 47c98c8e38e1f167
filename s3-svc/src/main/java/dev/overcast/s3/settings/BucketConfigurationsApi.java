package dev.overcast.s3.settings;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import software.amazon.awssdk.services.s3.model.AnalyticsConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteBucketAnalyticsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketAnalyticsConfigurationResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketIntelligentTieringConfigurationRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketMetricsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketMetricsConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketAnalyticsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketAnalyticsConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketIntelligentTieringConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketMetricsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketMetricsConfigurationResponse;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.ListBucketAnalyticsConfigurationsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketAnalyticsConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.ListBucketMetricsConfigurationsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketMetricsConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.MetricsConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketAnalyticsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketAnalyticsConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketIntelligentTieringConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketMetricsConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketMetricsConfigurationResponse;

/**
 * Configurations a bucket keeps by id, stored and answered as sent (S3's CloudWatch metrics, Storage Class Analysis and
 * the archive tiers of S3 Intelligent-Tiering have no effect here): metrics, analytics and intelligent-tiering.
 */
@AwsApi(api = "s3")
public class BucketConfigurationsApi {

    private static final String METRICS = "metrics";
    private static final String ANALYTICS = "analytics";
    private static final String TIERING = "intelligent-tiering";

    private final BucketStore buckets;
    private final ConfigurationStore configurations;

    public BucketConfigurationsApi(BucketStore buckets, ConfigurationStore configurations) {
        this.buckets = buckets;
        this.configurations = configurations;
    }

    private void put(RequestContext ctx, String bucket, String kind, String id, String bodyId,
                     software.amazon.awssdk.core.SdkPojo configuration) {
        buckets.require(ctx, bucket);
        if (configuration == null || id == null || id.isEmpty() || id.length() > 64) {
            throw S3Errors.malformedXml();
        }
        if (!id.equals(bodyId)) {
            throw S3Errors.invalidArgument("Configuration id in the request does not match the id in the configuration",
                    "id", id);
        }
        configurations.put(bucket, kind, id, configuration);
    }

    private <T> T get(RequestContext ctx, String bucket, String kind, String id, Class<T> type) {
        buckets.require(ctx, bucket);
        return configurations.find(bucket, kind, id, type).orElseThrow(BucketConfigurationsApi::noSuchConfiguration);
    }

    private void delete(RequestContext ctx, String bucket, String kind, String id) {
        buckets.require(ctx, bucket);
        if (!configurations.delete(bucket, kind, id)) {
            throw noSuchConfiguration();
        }
    }

    static AwsException noSuchConfiguration() {
        return new AwsException("NoSuchConfiguration", 404, "The specified configuration does not exist.");
    }

    public PutBucketMetricsConfigurationResponse putBucketMetricsConfiguration(RequestContext ctx,
            PutBucketMetricsConfigurationRequest r) {
        put(ctx, r.bucket(), METRICS, r.id(), r.metricsConfiguration() == null ? null : r.metricsConfiguration().id(),
                r.metricsConfiguration());
        return PutBucketMetricsConfigurationResponse.builder().build();
    }

    public GetBucketMetricsConfigurationResponse getBucketMetricsConfiguration(RequestContext ctx,
            GetBucketMetricsConfigurationRequest r) {
        return GetBucketMetricsConfigurationResponse.builder()
                .metricsConfiguration(get(ctx, r.bucket(), METRICS, r.id(), MetricsConfiguration.class)).build();
    }

    public StreamingResponse<DeleteBucketMetricsConfigurationResponse> deleteBucketMetricsConfiguration(
            RequestContext ctx, DeleteBucketMetricsConfigurationRequest r) {
        delete(ctx, r.bucket(), METRICS, r.id());
        return StreamingResponse.headersOnly(DeleteBucketMetricsConfigurationResponse.builder().build(), 204);
    }

    @XmlRoot("ListMetricsConfigurationsResult")
    public ListBucketMetricsConfigurationsResponse listBucketMetricsConfigurations(RequestContext ctx,
            ListBucketMetricsConfigurationsRequest r) {
        buckets.require(ctx, r.bucket());
        return ListBucketMetricsConfigurationsResponse.builder().isTruncated(false)
                .metricsConfigurationList(configurations.list(r.bucket(), METRICS, MetricsConfiguration.class)).build();
    }

    public PutBucketAnalyticsConfigurationResponse putBucketAnalyticsConfiguration(RequestContext ctx,
            PutBucketAnalyticsConfigurationRequest r) {
        put(ctx, r.bucket(), ANALYTICS, r.id(), r.analyticsConfiguration() == null ? null
                : r.analyticsConfiguration().id(), r.analyticsConfiguration());
        return PutBucketAnalyticsConfigurationResponse.builder().build();
    }

    public GetBucketAnalyticsConfigurationResponse getBucketAnalyticsConfiguration(RequestContext ctx,
            GetBucketAnalyticsConfigurationRequest r) {
        return GetBucketAnalyticsConfigurationResponse.builder()
                .analyticsConfiguration(get(ctx, r.bucket(), ANALYTICS, r.id(), AnalyticsConfiguration.class)).build();
    }

    public StreamingResponse<DeleteBucketAnalyticsConfigurationResponse> deleteBucketAnalyticsConfiguration(
            RequestContext ctx, DeleteBucketAnalyticsConfigurationRequest r) {
        delete(ctx, r.bucket(), ANALYTICS, r.id());
        return StreamingResponse.headersOnly(DeleteBucketAnalyticsConfigurationResponse.builder().build(), 204);
    }

    @XmlRoot("ListBucketAnalyticsConfigurationResult")
    public ListBucketAnalyticsConfigurationsResponse listBucketAnalyticsConfigurations(RequestContext ctx,
            ListBucketAnalyticsConfigurationsRequest r) {
        buckets.require(ctx, r.bucket());
        return ListBucketAnalyticsConfigurationsResponse.builder().isTruncated(false)
                .analyticsConfigurationList(configurations.list(r.bucket(), ANALYTICS, AnalyticsConfiguration.class))
                .build();
    }

    public PutBucketIntelligentTieringConfigurationResponse putBucketIntelligentTieringConfiguration(
            RequestContext ctx, PutBucketIntelligentTieringConfigurationRequest r) {
        put(ctx, r.bucket(), TIERING, r.id(), r.intelligentTieringConfiguration() == null ? null
                : r.intelligentTieringConfiguration().id(), r.intelligentTieringConfiguration());
        return PutBucketIntelligentTieringConfigurationResponse.builder().build();
    }

    public GetBucketIntelligentTieringConfigurationResponse getBucketIntelligentTieringConfiguration(
            RequestContext ctx, GetBucketIntelligentTieringConfigurationRequest r) {
        return GetBucketIntelligentTieringConfigurationResponse.builder().intelligentTieringConfiguration(
                get(ctx, r.bucket(), TIERING, r.id(), IntelligentTieringConfiguration.class)).build();
    }

    public StreamingResponse<DeleteBucketIntelligentTieringConfigurationResponse> deleteBucketIntelligentTieringConfiguration(
            RequestContext ctx, DeleteBucketIntelligentTieringConfigurationRequest r) {
        delete(ctx, r.bucket(), TIERING, r.id());
        return StreamingResponse.headersOnly(DeleteBucketIntelligentTieringConfigurationResponse.builder().build(), 204);
    }

    @XmlRoot("ListBucketIntelligentTieringConfigurationsOutput")
    public ListBucketIntelligentTieringConfigurationsResponse listBucketIntelligentTieringConfigurations(
            RequestContext ctx, ListBucketIntelligentTieringConfigurationsRequest r) {
        buckets.require(ctx, r.bucket());
        return ListBucketIntelligentTieringConfigurationsResponse.builder().isTruncated(false)
                .intelligentTieringConfigurationList(configurations.list(r.bucket(), TIERING,
                        IntelligentTieringConfiguration.class)).build();
    }
}
