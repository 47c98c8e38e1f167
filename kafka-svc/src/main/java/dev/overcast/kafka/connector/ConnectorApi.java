package dev.overcast.kafka.connector;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.ConnectArns;
import dev.overcast.kafka.ConnectErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.plugin.CustomPluginStore;
import dev.overcast.kafka.tag.TagStore;
import dev.overcast.kafka.workerconfiguration.WorkerConfigurationStore;
import dev.overcast.kafka.workerconfiguration.WorkerProperties;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafkaconnect.model.Capacity;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationSummary;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.ListConnectorOperationsRequest;
import software.amazon.awssdk.services.kafkaconnect.model.ListConnectorOperationsResponse;
import software.amazon.awssdk.services.kafkaconnect.model.ListConnectorsRequest;
import software.amazon.awssdk.services.kafkaconnect.model.ListConnectorsResponse;
import software.amazon.awssdk.services.kafkaconnect.model.UpdateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.UpdateConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerSetting;

/**
 * Connectors: Create/Describe/List/Update/DeleteConnector, DescribeConnectorOperation, ListConnectorOperations. Each
 * connector runs on its own Kafka Connect worker (see {@link ConnectorLifecycle}).
 */
@AwsApi(api = "kafkaconnect")
public class ConnectorApi {

    /** The Kafka Connect versions MSK Connect offers. */
    private static final Set<String> CONNECT_VERSIONS = Set.of("2.7.1", "3.7.x");
    /** MCUs per worker MSK Connect offers. */
    private static final Set<Integer> MCU_COUNTS = Set.of(1, 2, 4, 8);
    private static final int MAX_WORKERS = 10;

    private final ConnectorStore store;
    private final ConnectorLifecycle lifecycle;
    private final CustomPluginStore plugins;
    private final WorkerConfigurationStore workerConfigurations;
    private final TagStore tags;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public ConnectorApi(ConnectorStore store, ConnectorLifecycle lifecycle, CustomPluginStore plugins,
                        WorkerConfigurationStore workerConfigurations, TagStore tags, SuiteClock clock, TransactionTemplate tx) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.plugins = plugins;
        this.workerConfigurations = workerConfigurations;
        this.tags = tags;
        this.clock = clock;
        this.tx = tx;
    }

    public CreateConnectorResponse createConnector(RequestContext ctx, CreateConnectorRequest req) {
        if (!CONNECT_VERSIONS.contains(req.kafkaConnectVersion())) {
            throw ConnectErrors.badRequest("Unsupported kafkaConnectVersion " + req.kafkaConnectVersion()
                    + ". Valid values: " + String.join(", ", CONNECT_VERSIONS.stream().sorted().toList()) + ".");
        }
        checkCapacity(req.capacity());
        if (req.plugins().size() != 1) {
            throw ConnectErrors.badRequest("MSK Connect does not support multiple plugins: plugins must be a single-element"
                    + " list containing one customPlugin object.");
        }
        var plugin = req.plugins().getFirst().customPlugin();
        var stored = plugins.require(ctx.account(), ctx.region(), plugin.customPluginArn());
        if (plugin.revision() != 1L || !"ACTIVE".equals(stored.state())) {
            throw ConnectErrors.badRequest("The custom plugin " + plugin.customPluginArn() + " revision "
                    + plugin.revision() + " is not ACTIVE.");
        }
        if (!req.connectorConfiguration().containsKey("connector.class")) {
            throw ConnectErrors.badRequest("The connectorConfiguration must set connector.class.");
        }
        String bootstrap = req.kafkaCluster().apacheKafkaCluster().bootstrapServers();
        if (bootstrap == null || bootstrap.isBlank()) {
            throw ConnectErrors.badRequest("The bootstrapServers parameter is required.");
        }
        String workerProperties = "";
        if (req.workerConfiguration() != null) {
            var wc = req.workerConfiguration();
            workerConfigurations.require(ctx.account(), ctx.region(), wc.workerConfigurationArn());
            var revision = workerConfigurations.revision(wc.workerConfigurationArn(), wc.revision())
                    .orElseThrow(() -> ConnectErrors.notFound("The revision " + wc.revision() + " of worker configuration "
                            + wc.workerConfigurationArn() + " could not be found."));
            WorkerProperties.parse(revision.properties()); // checked when created; the file as it was written
            workerProperties = new String(java.util.Base64.getDecoder().decode(revision.properties()),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        TagStore.validate(req.tags(), 200);
        Connector c = new Connector(ConnectArns.connector(ctx.region(), ctx.account(), req.connectorName()), ctx.account(),
                ctx.region(), req.connectorName(), "CREATING", null, null, Arns.newVersion(), clock.now(),
                req.toBuilder().tags((java.util.Map<String, String>) null).build(), workerProperties,
                EmbeddedPostgresServer.freePort());
        tx.executeWithoutResult(s -> {
            store.insert(c);
            tags.put(c.arn(), req.tags());
        });
        lifecycle.launch(c);
        return CreateConnectorResponse.builder().connectorArn(c.arn()).connectorName(c.name()).connectorState(c.state()).build();
    }

    public DescribeConnectorResponse describeConnector(RequestContext ctx, DescribeConnectorRequest req) {
        return ConnectorViews.describe(store.require(ctx.account(), ctx.region(), req.connectorArn()));
    }

    public ListConnectorsResponse listConnectors(RequestContext ctx, ListConnectorsRequest req) {
        Pages.Page<Connector> page = Pages.of(store.list(ctx.account(), ctx.region(), req.connectorNamePrefix()),
                req.maxResults(), req.nextToken());
        return ListConnectorsResponse.builder().nextToken(page.nextToken())
                .connectors(page.items().stream().map(ConnectorViews::summary).toList()).build();
    }

    /** Either a new capacity or a new connector configuration, as an operation; the connector UPDATING meanwhile. */
    public UpdateConnectorResponse updateConnector(RequestContext ctx, UpdateConnectorRequest req) {
        Connector c = store.require(ctx.account(), ctx.region(), req.connectorArn());
        boolean capacity = req.capacity() != null;
        if (capacity == req.hasConnectorConfiguration()) {
            throw ConnectErrors.badRequest("Specify exactly one of capacity and connectorConfiguration.");
        }
        CreateConnectorRequest target;
        if (capacity) {
            Capacity asked = ConnectorViews.capacity(req.capacity());
            checkCapacity(asked);
            target = c.spec().toBuilder().capacity(asked).build();
        } else {
            if (!req.connectorConfiguration().containsKey("connector.class")) {
                throw ConnectErrors.badRequest("The connectorConfiguration must set connector.class.");
            }
            target = c.spec().toBuilder().connectorConfiguration(req.connectorConfiguration()).build();
        }
        DescribeConnectorOperationResponse op = DescribeConnectorOperationResponse.builder()
                .connectorArn(c.arn()).connectorOperationArn(ConnectArns.operation(c.arn()))
                .connectorOperationType(capacity ? "UPDATE_WORKER_SETTING" : "UPDATE_CONNECTOR_CONFIGURATION")
                .connectorOperationState("PENDING").creationTime(clock.now())
                .originWorkerSetting(capacity ? worker(c.spec().capacity()) : null)
                .targetWorkerSetting(capacity ? worker(target.capacity()) : null)
                .originConnectorConfiguration(capacity ? null : c.spec().connectorConfiguration())
                .targetConnectorConfiguration(capacity ? null : target.connectorConfiguration())
                .build();
        Connector updating = tx.execute(s -> {
            Connector u = store.beginUpdate(c, req.currentVersion(), target, Arns.newVersion());
            store.saveOperation(op);
            return u;
        });
        lifecycle.update(updating, op);
        return UpdateConnectorResponse.builder().connectorArn(c.arn()).connectorState("UPDATING")
                .connectorOperationArn(op.connectorOperationArn()).build();
    }

    public DeleteConnectorResponse deleteConnector(RequestContext ctx, DeleteConnectorRequest req) {
        Connector c = store.require(ctx.account(), ctx.region(), req.connectorArn());
        store.beginDelete(c, req.currentVersion());
        lifecycle.remove(c);
        return DeleteConnectorResponse.builder().connectorArn(c.arn()).connectorState("DELETING").build();
    }

    public DescribeConnectorOperationResponse describeConnectorOperation(RequestContext ctx,
                                                                         DescribeConnectorOperationRequest req) {
        DescribeConnectorOperationResponse op = store.operation(req.connectorOperationArn())
                .orElseThrow(() -> ConnectErrors.notFound("connector operation", req.connectorOperationArn()));
        store.require(ctx.account(), ctx.region(), op.connectorArn());
        return op;
    }

    public ListConnectorOperationsResponse listConnectorOperations(RequestContext ctx, ListConnectorOperationsRequest req) {
        Connector c = store.require(ctx.account(), ctx.region(), req.connectorArn());
        Pages.Page<DescribeConnectorOperationResponse> page = Pages.of(store.operations(c.arn()), req.maxResults(),
                req.nextToken());
        return ListConnectorOperationsResponse.builder().nextToken(page.nextToken())
                .connectorOperations(page.items().stream().map(op -> ConnectorOperationSummary.builder()
                        .connectorOperationArn(op.connectorOperationArn()).connectorOperationType(op.connectorOperationTypeAsString())
                        .connectorOperationState(op.connectorOperationStateAsString()).creationTime(op.creationTime())
                        .endTime(op.endTime()).build()).toList())
                .build();
    }

    private static WorkerSetting worker(Capacity capacity) {
        return WorkerSetting.builder().capacity(ConnectorViews.capacity(capacity)).build();
    }

    /** Exactly one of autoScaling and provisionedCapacity; MCUs of 1, 2, 4 or 8; 1 to 10 workers. */
    private static void checkCapacity(Capacity c) {
        if (c == null || (c.autoScaling() == null) == (c.provisionedCapacity() == null)) {
            throw ConnectErrors.badRequest("The capacity must specify exactly one of autoScaling and provisionedCapacity.");
        }
        if (c.provisionedCapacity() != null) {
            var p = c.provisionedCapacity();
            mcu(p.mcuCount());
            workers("workerCount", p.workerCount());
        } else {
            var a = c.autoScaling();
            mcu(a.mcuCount());
            workers("minWorkerCount", a.minWorkerCount());
            workers("maxWorkerCount", a.maxWorkerCount());
            if (a.minWorkerCount() > a.maxWorkerCount()) {
                throw ConnectErrors.badRequest("The minWorkerCount must not be greater than the maxWorkerCount.");
            }
        }
    }

    private static void mcu(Integer count) {
        if (count == null || !MCU_COUNTS.contains(count)) {
            throw ConnectErrors.badRequest("The mcuCount " + count + " is not valid. Valid values: 1, 2, 4, 8.");
        }
    }

    private static void workers(String name, Integer count) {
        if (count == null || count < 1 || count > MAX_WORKERS) {
            throw ConnectErrors.badRequest("The " + name + " " + count + " is not valid: it must be between 1 and "
                    + MAX_WORKERS + ".");
        }
    }
}
