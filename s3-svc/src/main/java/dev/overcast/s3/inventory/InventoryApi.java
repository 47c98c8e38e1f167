package dev.overcast.s3.inventory;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.model.DeleteBucketInventoryConfigurationRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketInventoryConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketInventoryConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketInventoryConfigurationResponse;
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.ListBucketInventoryConfigurationsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketInventoryConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketInventoryConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketInventoryConfigurationResponse;

/**
 * Inventory configurations: Put/Get/Delete/ListBucketInventoryConfiguration(s). {@link InventoryReports} delivers the
 * reports (CSV, ORC, Parquet) on schedule.
 */
@AwsApi(api = "s3")
public class InventoryApi {

    private final BucketStore buckets;
    private final JdbcClient jdbc;
    private final SuiteClock clock;

    public InventoryApi(BucketStore buckets, JdbcClient jdbc, SuiteClock clock) {
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public PutBucketInventoryConfigurationResponse putBucketInventoryConfiguration(RequestContext ctx,
            PutBucketInventoryConfigurationRequest r) {
        buckets.require(ctx, r.bucket());
        InventoryConfiguration c = r.inventoryConfiguration();
        if (c == null || c.id() == null || c.destination() == null || c.destination().s3BucketDestination() == null
                || c.schedule() == null || c.isEnabled() == null || c.includedObjectVersions() == null) {
            throw S3Errors.malformedXml();
        }
        if (!c.id().equals(r.id())) {
            throw S3Errors.invalidArgument("Configuration id in the request does not match the id in the configuration",
                    "id", r.id());
        }
        var d = c.destination().s3BucketDestination();
        if (d.format() == null || d.format() == InventoryFormat.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.malformedXml(); // CSV, ORC and Parquet are the formats
        }
        String target = d.bucket() != null && d.bucket().startsWith("arn:aws:s3:::") ? d.bucket().substring(13) : null;
        if (target == null || target.isEmpty() || buckets.find(target).isEmpty()) {
            throw S3Errors.invalidArgument("Invalid destination bucket ARN", "Destination", String.valueOf(d.bucket()));
        }
        jdbc.sql("""
                insert into bucket_inventory (bucket, id, configuration, last_report) values (?, ?, ?, ?)
                on conflict (bucket, id) do update set configuration = excluded.configuration""")
                .params(r.bucket(), r.id(), ModelJson.write(c), java.sql.Timestamp.from(clock.now())).update();
        // the first report comes one period after the configuration, as the later ones after each other
        return PutBucketInventoryConfigurationResponse.builder().build();
    }

    public GetBucketInventoryConfigurationResponse getBucketInventoryConfiguration(RequestContext ctx,
            GetBucketInventoryConfigurationRequest r) {
        buckets.require(ctx, r.bucket());
        String json = jdbc.sql("select configuration from bucket_inventory where bucket = ? and id = ?")
                .params(r.bucket(), r.id()).query(String.class).optional().orElseThrow(InventoryApi::noSuchConfiguration);
        return GetBucketInventoryConfigurationResponse.builder()
                .inventoryConfiguration(ModelJson.read(json, InventoryConfiguration.class)).build();
    }

    public StreamingResponse<DeleteBucketInventoryConfigurationResponse> deleteBucketInventoryConfiguration(
            RequestContext ctx, DeleteBucketInventoryConfigurationRequest r) {
        buckets.require(ctx, r.bucket());
        if (jdbc.sql("delete from bucket_inventory where bucket = ? and id = ?").params(r.bucket(), r.id()).update() == 0) {
            throw noSuchConfiguration();
        }
        return StreamingResponse.headersOnly(DeleteBucketInventoryConfigurationResponse.builder().build(), 204);
    }

    @XmlRoot("ListInventoryConfigurationsResult")
    public ListBucketInventoryConfigurationsResponse listBucketInventoryConfigurations(RequestContext ctx,
            ListBucketInventoryConfigurationsRequest r) {
        buckets.require(ctx, r.bucket());
        List<InventoryConfiguration> list = jdbc.sql("select configuration from bucket_inventory where bucket = ? order by id")
                .param(r.bucket()).query(String.class).list().stream()
                .map(json -> ModelJson.read(json, InventoryConfiguration.class)).toList();
        return ListBucketInventoryConfigurationsResponse.builder().isTruncated(false).inventoryConfigurationList(list)
                .build();
    }

    static AwsException noSuchConfiguration() {
        return new AwsException("NoSuchConfiguration", 404, "The specified configuration does not exist.");
    }
}
