package dev.overcast.kafka.workerconfiguration;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.ConnectArns;
import dev.overcast.kafka.ConnectErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.tag.TagStore;
import dev.overcast.kafka.workerconfiguration.WorkerConfigurationStore.Revision;
import dev.overcast.kafka.workerconfiguration.WorkerConfigurationStore.StoredWorkerConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafkaconnect.model.CreateWorkerConfigurationRequest;
import software.amazon.awssdk.services.kafkaconnect.model.CreateWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteWorkerConfigurationRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeWorkerConfigurationRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.ListWorkerConfigurationsRequest;
import software.amazon.awssdk.services.kafkaconnect.model.ListWorkerConfigurationsResponse;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationRevisionDescription;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationRevisionSummary;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationSummary;

/**
 * Worker configurations: Create/Describe/List/DeleteWorkerConfiguration. The properties file (base64) is checked when
 * created and kept as sent; a connector takes the revision's properties when it is created.
 */
@AwsApi(api = "kafkaconnect")
public class WorkerConfigurationApi {

    private final WorkerConfigurationStore store;
    private final TagStore tags;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public WorkerConfigurationApi(WorkerConfigurationStore store, TagStore tags, SuiteClock clock, TransactionTemplate tx) {
        this.store = store;
        this.tags = tags;
        this.clock = clock;
        this.tx = tx;
    }

    public CreateWorkerConfigurationResponse createWorkerConfiguration(RequestContext ctx, CreateWorkerConfigurationRequest req) {
        WorkerProperties.parse(req.propertiesFileContent());
        TagStore.validate(req.tags());
        StoredWorkerConfiguration c = new StoredWorkerConfiguration(
                ConnectArns.workerConfiguration(ctx.region(), ctx.account(), req.name()), req.name(), req.description(),
                "ACTIVE", clock.now(), 1);
        tx.executeWithoutResult(s -> {
            store.create(ctx.account(), ctx.region(), c, req.propertiesFileContent().strip());
            tags.put(c.arn(), req.tags());
        });
        return CreateWorkerConfigurationResponse.builder().workerConfigurationArn(c.arn()).name(c.name())
                .creationTime(c.created()).workerConfigurationState("ACTIVE")
                .latestRevision(WorkerConfigurationRevisionSummary.builder().revision(1L).creationTime(c.created())
                        .description(c.description()).build())
                .build();
    }

    public DescribeWorkerConfigurationResponse describeWorkerConfiguration(RequestContext ctx,
                                                                           DescribeWorkerConfigurationRequest req) {
        StoredWorkerConfiguration c = store.require(ctx.account(), ctx.region(), req.workerConfigurationArn());
        Revision r = store.revision(c.arn(), c.latestRevision()).orElseThrow();
        return DescribeWorkerConfigurationResponse.builder().workerConfigurationArn(c.arn()).name(c.name())
                .description(c.description()).creationTime(c.created()).workerConfigurationState(c.state())
                .latestRevision(WorkerConfigurationRevisionDescription.builder().revision(r.revision())
                        .description(r.description()).creationTime(r.created()).propertiesFileContent(r.properties()).build())
                .build();
    }

    public ListWorkerConfigurationsResponse listWorkerConfigurations(RequestContext ctx, ListWorkerConfigurationsRequest req) {
        Pages.Page<StoredWorkerConfiguration> page = Pages.of(store.list(ctx.account(), ctx.region(), req.namePrefix()),
                req.maxResults(), req.nextToken());
        return ListWorkerConfigurationsResponse.builder().nextToken(page.nextToken())
                .workerConfigurations(page.items().stream().map(c -> WorkerConfigurationSummary.builder()
                        .workerConfigurationArn(c.arn()).name(c.name()).description(c.description())
                        .creationTime(c.created()).workerConfigurationState(c.state())
                        .latestRevision(WorkerConfigurationRevisionSummary.builder().revision(c.latestRevision())
                                .creationTime(c.created()).description(c.description()).build())
                        .build()).toList())
                .build();
    }

    /** Deletes it; connectors created from it keep the properties they took at their creation. */
    public DeleteWorkerConfigurationResponse deleteWorkerConfiguration(RequestContext ctx, DeleteWorkerConfigurationRequest req) {
        StoredWorkerConfiguration c = store.require(ctx.account(), ctx.region(), req.workerConfigurationArn());
        tx.executeWithoutResult(s -> {
            store.delete(c.arn());
            tags.removeAll(c.arn());
        });
        return DeleteWorkerConfigurationResponse.builder().workerConfigurationArn(c.arn())
                .workerConfigurationState("DELETING").build();
    }
}
