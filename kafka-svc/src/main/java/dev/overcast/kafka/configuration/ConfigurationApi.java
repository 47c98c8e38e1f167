package dev.overcast.kafka.configuration;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.broker.KafkaVersions;
import dev.overcast.kafka.configuration.ConfigurationStore.Revision;
import dev.overcast.kafka.configuration.ConfigurationStore.StoredConfiguration;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kafka.model.Configuration;
import software.amazon.awssdk.services.kafka.model.ConfigurationRevision;
import software.amazon.awssdk.services.kafka.model.CreateConfigurationRequest;
import software.amazon.awssdk.services.kafka.model.CreateConfigurationResponse;
import software.amazon.awssdk.services.kafka.model.DeleteConfigurationRequest;
import software.amazon.awssdk.services.kafka.model.DeleteConfigurationResponse;
import software.amazon.awssdk.services.kafka.model.DescribeConfigurationRequest;
import software.amazon.awssdk.services.kafka.model.DescribeConfigurationResponse;
import software.amazon.awssdk.services.kafka.model.DescribeConfigurationRevisionRequest;
import software.amazon.awssdk.services.kafka.model.DescribeConfigurationRevisionResponse;
import software.amazon.awssdk.services.kafka.model.ListConfigurationRevisionsRequest;
import software.amazon.awssdk.services.kafka.model.ListConfigurationRevisionsResponse;
import software.amazon.awssdk.services.kafka.model.ListConfigurationsRequest;
import software.amazon.awssdk.services.kafka.model.ListConfigurationsResponse;
import software.amazon.awssdk.services.kafka.model.UpdateConfigurationRequest;
import software.amazon.awssdk.services.kafka.model.UpdateConfigurationResponse;

/**
 * Configurations: Create/Describe/List/Update/DeleteConfiguration, DescribeConfigurationRevision,
 * ListConfigurationRevisions. The server properties are checked against what MSK allows; every update is a new
 * revision, the old ones kept.
 */
@AwsApi(api = "kafka")
public class ConfigurationApi {

    /** MSK's configuration names: letters, digits and hyphens, starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z-]{0,}$");

    private final ConfigurationStore store;
    private final SuiteClock clock;

    public ConfigurationApi(ConfigurationStore store, SuiteClock clock) {
        this.store = store;
        this.clock = clock;
    }

    public CreateConfigurationResponse createConfiguration(RequestContext ctx, CreateConfigurationRequest req) {
        if (req.name() == null || !NAME.matcher(req.name()).matches()) {
            throw KafkaErrors.badRequest("name", "The configuration name must consist of letters, digits and hyphens"
                    + " and start with a letter or a digit.");
        }
        byte[] props = required(req.serverProperties());
        AllowedProperties.parse(props);
        for (String v : req.kafkaVersions()) {
            if (!KafkaVersions.supported(v)) {
                throw KafkaErrors.unsupportedVersion("kafkaVersions", v);
            }
        }
        StoredConfiguration c = new StoredConfiguration(Arns.configuration(ctx.region(), ctx.account(), req.name()),
                req.name(), req.description(), req.kafkaVersions(), "ACTIVE", clock.now(), 1);
        store.create(ctx.account(), ctx.region(), c, props);
        return CreateConfigurationResponse.builder().arn(c.arn()).name(c.name()).creationTime(c.created()).state("ACTIVE")
                .latestRevision(ConfigurationRevision.builder().revision(1L).creationTime(c.created()).description(c.description()).build())
                .build();
    }

    public DescribeConfigurationResponse describeConfiguration(RequestContext ctx, DescribeConfigurationRequest req) {
        StoredConfiguration c = store.require(ctx.account(), ctx.region(), req.arn());
        return DescribeConfigurationResponse.builder().arn(c.arn()).name(c.name()).description(c.description())
                .kafkaVersions(c.kafkaVersions()).creationTime(c.created()).state(c.state())
                .latestRevision(latest(c)).build();
    }

    public ListConfigurationsResponse listConfigurations(RequestContext ctx, ListConfigurationsRequest req) {
        Pages.Page<StoredConfiguration> page = Pages.of(store.list(ctx.account(), ctx.region()), req.maxResults(), req.nextToken());
        return ListConfigurationsResponse.builder().nextToken(page.nextToken())
                .configurations(page.items().stream().map(c -> Configuration.builder().arn(c.arn()).name(c.name())
                        .description(c.description()).kafkaVersions(c.kafkaVersions()).creationTime(c.created())
                        .state(c.state()).latestRevision(latest(c)).build()).toList())
                .build();
    }

    public UpdateConfigurationResponse updateConfiguration(RequestContext ctx, UpdateConfigurationRequest req) {
        store.require(ctx.account(), ctx.region(), req.arn());
        byte[] props = required(req.serverProperties());
        AllowedProperties.parse(props);
        Revision r = store.addRevision(req.arn(), req.description(), props, clock.now());
        return UpdateConfigurationResponse.builder().arn(req.arn()).latestRevision(revision(r)).build();
    }

    public DeleteConfigurationResponse deleteConfiguration(RequestContext ctx, DeleteConfigurationRequest req) {
        store.require(ctx.account(), ctx.region(), req.arn());
        if (store.inUse(req.arn())) {
            throw KafkaErrors.badRequest("arn", "The configuration " + req.arn() + " is in use by a cluster and cannot be deleted.");
        }
        store.delete(req.arn());
        return DeleteConfigurationResponse.builder().arn(req.arn()).state("DELETING").build();
    }

    public DescribeConfigurationRevisionResponse describeConfigurationRevision(RequestContext ctx,
                                                                               DescribeConfigurationRevisionRequest req) {
        store.require(ctx.account(), ctx.region(), req.arn());
        Revision r = store.revision(req.arn(), req.revision() == null ? -1 : req.revision())
                .orElseThrow(() -> KafkaErrors.notFound("revision", "The requested revision " + req.revision()
                        + " of configuration " + req.arn() + " could not be found."));
        return DescribeConfigurationRevisionResponse.builder().arn(r.arn()).revision(r.revision())
                .description(r.description()).creationTime(r.created())
                .serverProperties(SdkBytes.fromByteArray(r.serverProperties())).build();
    }

    public ListConfigurationRevisionsResponse listConfigurationRevisions(RequestContext ctx, ListConfigurationRevisionsRequest req) {
        store.require(ctx.account(), ctx.region(), req.arn());
        Pages.Page<Revision> page = Pages.of(store.revisions(req.arn()), req.maxResults(), req.nextToken());
        return ListConfigurationRevisionsResponse.builder().nextToken(page.nextToken())
                .revisions(page.items().stream().map(ConfigurationApi::revision).toList()).build();
    }

    private ConfigurationRevision latest(StoredConfiguration c) {
        return store.revision(c.arn(), c.latestRevision()).map(ConfigurationApi::revision).orElse(null);
    }

    private static ConfigurationRevision revision(Revision r) {
        return ConfigurationRevision.builder().revision(r.revision()).description(r.description()).creationTime(r.created()).build();
    }

    private static byte[] required(SdkBytes props) {
        if (props == null) {
            throw KafkaErrors.badRequest("serverProperties", "The serverProperties parameter is required.");
        }
        return props.asByteArray();
    }

}
