package dev.overcast.kafka.cluster;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.broker.BrokerFleet;
import dev.overcast.kafka.broker.BrokerLayout;
import dev.overcast.kafka.broker.KafkaVersions;
import dev.overcast.kafka.cluster.ClusterStore.RequestCaller;
import dev.overcast.kafka.operation.OperationStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;
import software.amazon.awssdk.services.kafka.model.BrokerEBSVolumeInfo;
import software.amazon.awssdk.services.kafka.model.BrokerNodeGroupInfo;
import software.amazon.awssdk.services.kafka.model.EBSStorageInfo;
import software.amazon.awssdk.services.kafka.model.StorageInfo;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerStorageRequest;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerStorageResponse;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerTypeRequest;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerTypeResponse;
import software.amazon.awssdk.services.kafka.model.UpdateConnectivityRequest;
import software.amazon.awssdk.services.kafka.model.UpdateConnectivityResponse;
import software.amazon.awssdk.services.kafka.model.UpdateSecurityRequest;
import software.amazon.awssdk.services.kafka.model.UpdateSecurityResponse;
import software.amazon.awssdk.services.kafka.model.RebootBrokerRequest;
import software.amazon.awssdk.services.kafka.model.RebootBrokerResponse;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerCountRequest;
import software.amazon.awssdk.services.kafka.model.UpdateBrokerCountResponse;
import software.amazon.awssdk.services.kafka.model.UpdateClusterConfigurationRequest;
import software.amazon.awssdk.services.kafka.model.UpdateClusterConfigurationResponse;
import software.amazon.awssdk.services.kafka.model.UpdateClusterKafkaVersionRequest;
import software.amazon.awssdk.services.kafka.model.UpdateClusterKafkaVersionResponse;
import software.amazon.awssdk.services.kafka.model.UpdateMonitoringRequest;
import software.amazon.awssdk.services.kafka.model.UpdateMonitoringResponse;

/**
 * Changes of a running cluster, each a cluster operation with its steps, checked against the CurrentVersion:
 * UpdateClusterConfiguration and UpdateClusterKafkaVersion roll the brokers one at a time (data kept), RebootBroker
 * restarts one broker, UpdateBrokerCount starts the added brokers (partitions stay where they are, as on MSK),
 * UpdateSecurity rolls the brokers onto the listeners of the new settings; UpdateMonitoring, UpdateBrokerType,
 * UpdateBrokerStorage and UpdateConnectivity record the new settings (checked as MSK checks them) and report them;
 * they change nothing a broker on this machine could show.
 */
@AwsApi(api = "kafka")
public class ClusterUpdateApi {

    private final ClusterStore clusters;
    private final OperationStore operations;
    private final ClusterLifecycle lifecycle;
    private final ClusterApi clusterApi;
    private final BrokerFleet fleet;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public ClusterUpdateApi(ClusterStore clusters, OperationStore operations, ClusterLifecycle lifecycle,
                            ClusterApi clusterApi, BrokerFleet fleet, SuiteClock clock, TransactionTemplate tx) {
        this.clusters = clusters;
        this.operations = operations;
        this.lifecycle = lifecycle;
        this.clusterApi = clusterApi;
        this.fleet = fleet;
        this.clock = clock;
        this.tx = tx;
    }

    public UpdateClusterConfigurationResponse updateClusterConfiguration(RequestContext ctx, UpdateClusterConfigurationRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        if (req.configurationInfo() == null) {
            throw KafkaErrors.badRequest("configurationInfo", "The configurationInfo parameter is required.");
        }
        clusterApi.checkConfiguration(ctx, req.configurationInfo(), c.kafkaVersion());
        String op = begin(c, req.currentVersion(), "UPDATE_CLUSTER_CONFIGURATION", "UPDATING",
                p -> p.toBuilder().configurationInfo(req.configurationInfo()).build(), rolling("UPDATE_BROKER_CONFIGURATION"));
        return UpdateClusterConfigurationResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateClusterKafkaVersionResponse updateClusterKafkaVersion(RequestContext ctx, UpdateClusterKafkaVersionRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        ownBrokers("UpdateClusterKafkaVersion");
        String target = req.targetKafkaVersion();
        if (!KafkaVersions.supported(target)) {
            throw KafkaErrors.unsupportedVersion("targetKafkaVersion", target);
        }
        if (!KafkaVersions.upgradesFrom(c.kafkaVersion()).contains(target)) {
            throw KafkaErrors.badRequest("targetKafkaVersion", "Apache Kafka version " + c.kafkaVersion()
                    + " cannot be updated to " + target + ".");
        }
        if (req.configurationInfo() != null) {
            clusterApi.checkConfiguration(ctx, req.configurationInfo(), target);
        }
        String op = begin(c, req.currentVersion(), "UPDATE_CLUSTER_KAFKA_VERSION", "UPDATING", p -> {
            ProvisionedRequest.Builder b = p.toBuilder().kafkaVersion(target);
            if (req.configurationInfo() != null) {
                b.configurationInfo(req.configurationInfo());
            }
            return b.build();
        }, rolling("UPDATE_APACHE_KAFKA_BINARIES"));
        return UpdateClusterKafkaVersionResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public RebootBrokerResponse rebootBroker(RequestContext ctx, RebootBrokerRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        ownBrokers("RebootBroker");
        if (req.brokerIds().size() != 1) {
            throw KafkaErrors.badRequest("brokerIds", "You can reboot only one broker at a time.");
        }
        int id;
        try {
            id = Integer.parseInt(req.brokerIds().getFirst());
        } catch (NumberFormatException e) {
            throw KafkaErrors.badRequest("brokerIds", "Invalid broker id: " + req.brokerIds().getFirst());
        }
        if (id < 1 || id > c.brokerCount()) {
            throw KafkaErrors.badRequest("brokerIds", "The broker " + id + " does not exist in the cluster.");
        }
        Map<String, Consumer<BrokerLayout>> steps = new LinkedHashMap<>();
        steps.put("INITIALIZE_UPDATE", layout -> { });
        steps.put("REBOOT_BROKER", layout -> fleet.restart(layout, id));
        steps.put("FINALIZE_UPDATE", layout -> { });
        String op = begin(c, c.currentVersion(), "REBOOT_NODE", "REBOOTING_BROKER", UnaryOperator.identity(), steps);
        return RebootBrokerResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateBrokerCountResponse updateBrokerCount(RequestContext ctx, UpdateBrokerCountRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        ownBrokers("UpdateBrokerCount");
        Integer target = req.targetNumberOfBrokerNodes();
        if (target == null || target < 1 || target > 15) {
            throw KafkaErrors.badRequest("targetNumberOfBrokerNodes", "The number of broker nodes must be between 1 and 15.");
        }
        int subnets = c.provisioned().brokerNodeGroupInfo().clientSubnets().size();
        if (target <= c.brokerCount()) {
            throw KafkaErrors.badRequest("targetNumberOfBrokerNodes", "The target number of broker nodes must be greater"
                    + " than the current number of broker nodes (" + c.brokerCount() + ").");
        }
        if (target % subnets != 0) {
            throw KafkaErrors.badRequest("targetNumberOfBrokerNodes", "The number of broker nodes must be a multiple of"
                    + " Availability Zones in the Client Subnets parameter.");
        }
        int from = c.brokerCount() + 1;
        Map<String, Consumer<BrokerLayout>> steps = new LinkedHashMap<>();
        steps.put("INITIALIZE_UPDATE", layout -> { });
        steps.put("ADD_BROKERS", fleet::start); // the brokers running stay as they are; the added ones start
        steps.put("FINALIZE_UPDATE", layout -> { });
        String op = begin(c, req.currentVersion(), "INCREASE_BROKER_COUNT", "UPDATING",
                p -> p.toBuilder().numberOfBrokerNodes(target).build(), steps,
                () -> clusters.addBrokers(c.arn(), ClusterLifecycle.allocate(from, target)));
        return UpdateBrokerCountResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateMonitoringResponse updateMonitoring(RequestContext ctx, UpdateMonitoringRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        Map<String, Consumer<BrokerLayout>> steps = recorded();
        String op = begin(c, req.currentVersion(), "UPDATE_MONITORING", "UPDATING", p -> {
            ProvisionedRequest.Builder b = p.toBuilder();
            if (req.enhancedMonitoring() != null) {
                b.enhancedMonitoring(req.enhancedMonitoringAsString());
            }
            if (req.openMonitoring() != null) {
                b.openMonitoring(req.openMonitoring());
            }
            if (req.loggingInfo() != null) {
                b.loggingInfo(req.loggingInfo());
            }
            return b.build();
        }, steps);
        return UpdateMonitoringResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateBrokerTypeResponse updateBrokerType(RequestContext ctx, UpdateBrokerTypeRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        String type = req.targetInstanceType();
        if (type == null || type.length() < 5 || type.length() > 32 || !type.startsWith("kafka.")) {
            throw KafkaErrors.badRequest("targetInstanceType", "Unsupported broker instance type: " + type);
        }
        if (type.equals(c.provisioned().brokerNodeGroupInfo().instanceType())) {
            throw KafkaErrors.badRequest("targetInstanceType", "The cluster already has brokers of instance type " + type + ".");
        }
        String op = begin(c, req.currentVersion(), "UPDATE_BROKER_TYPE", "UPDATING",
                p -> p.toBuilder().brokerNodeGroupInfo(p.brokerNodeGroupInfo().toBuilder().instanceType(type).build()).build(),
                recorded());
        return UpdateBrokerTypeResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    /** MSK's broker volumes: 1-16,384 GiB, 1,000 when not set, never smaller than they are. */
    public UpdateBrokerStorageResponse updateBrokerStorage(RequestContext ctx, UpdateBrokerStorageRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        if (req.targetBrokerEBSVolumeInfo().size() != 1 || !"All".equals(req.targetBrokerEBSVolumeInfo().getFirst().kafkaBrokerNodeId())) {
            throw KafkaErrors.badRequest("targetBrokerEBSVolumeInfo", "Specify one volume setting with KafkaBrokerNodeId All.");
        }
        BrokerEBSVolumeInfo target = req.targetBrokerEBSVolumeInfo().getFirst();
        BrokerNodeGroupInfo group = c.provisioned().brokerNodeGroupInfo();
        int current = group.storageInfo() == null || group.storageInfo().ebsStorageInfo() == null
                || group.storageInfo().ebsStorageInfo().volumeSize() == null ? 1000 : group.storageInfo().ebsStorageInfo().volumeSize();
        Integer size = target.volumeSizeGB();
        if (size == null || size < 1 || size > 16384) {
            throw KafkaErrors.badRequest("volumeSizeGB", "The volume size must be between 1 and 16384 GiB.");
        }
        if (size <= current) {
            throw KafkaErrors.badRequest("volumeSizeGB", "The new volume size (" + size + " GiB) must be greater than the"
                    + " current volume size (" + current + " GiB).");
        }
        StorageInfo storage = StorageInfo.builder().ebsStorageInfo(EBSStorageInfo.builder().volumeSize(size)
                .provisionedThroughput(target.provisionedThroughput()).build()).build();
        String op = begin(c, req.currentVersion(), "UPDATE_BROKER_STORAGE", "UPDATING",
                p -> p.toBuilder().brokerNodeGroupInfo(p.brokerNodeGroupInfo().toBuilder().storageInfo(storage).build()).build(),
                recorded());
        return UpdateBrokerStorageResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateSecurityResponse updateSecurity(RequestContext ctx, UpdateSecurityRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        ownBrokers("UpdateSecurity");
        if (req.clientAuthentication() == null && req.encryptionInfo() == null) {
            throw KafkaErrors.badRequest("clientAuthentication", "Specify clientAuthentication or encryptionInfo.");
        }
        String op = begin(c, req.currentVersion(), "UPDATE_SECURITY", "UPDATING", p -> {
            ProvisionedRequest.Builder b = p.toBuilder();
            if (req.clientAuthentication() != null) {
                b.clientAuthentication(req.clientAuthentication());
            }
            if (req.encryptionInfo() != null) {
                b.encryptionInfo(req.encryptionInfo());
            }
            ProvisionedRequest target = b.build();
            ClientAccess.validate(target);
            return target;
        }, rolling("UPDATE_CLUSTER_SECURITY")); // the brokers open the listeners the new settings give
        return UpdateSecurityResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    public UpdateConnectivityResponse updateConnectivity(RequestContext ctx, UpdateConnectivityRequest req) {
        Cluster c = provisioned(ctx, req.clusterArn());
        if (req.connectivityInfo() == null) {
            throw KafkaErrors.badRequest("connectivityInfo", "The connectivityInfo parameter is required.");
        }
        String op = begin(c, req.currentVersion(), "UPDATE_CONNECTIVITY", "UPDATING",
                p -> p.toBuilder().brokerNodeGroupInfo(p.brokerNodeGroupInfo().toBuilder().connectivityInfo(req.connectivityInfo()).build()).build(),
                recorded());
        return UpdateConnectivityResponse.builder().clusterArn(c.arn()).clusterOperationArn(op).build();
    }

    /** The steps of a change that is recorded only. */
    private static Map<String, Consumer<BrokerLayout>> recorded() {
        Map<String, Consumer<BrokerLayout>> steps = new LinkedHashMap<>();
        steps.put("INITIALIZE_UPDATE", layout -> { });
        steps.put("FINALIZE_UPDATE", layout -> { });
        return steps;
    }

    /** Steps that restart every broker, one at a time, with the cluster's new settings. */
    private Map<String, Consumer<BrokerLayout>> rolling(String step) {
        Map<String, Consumer<BrokerLayout>> steps = new LinkedHashMap<>();
        steps.put("INITIALIZE_UPDATE", layout -> { });
        steps.put(step, fleet::roll);
        steps.put("FINALIZE_UPDATE", layout -> { });
        return steps;
    }

    private String begin(Cluster c, String version, String type, String state, UnaryOperator<ProvisionedRequest> change,
                         Map<String, Consumer<BrokerLayout>> steps) {
        return begin(c, version, type, state, change, steps, () -> { });
    }

    /**
     * Records the operation and the cluster's new settings in one transaction (refused on a stale CurrentVersion or a
     * cluster not ACTIVE), then runs the steps in the background.
     */
    private String begin(Cluster c, String version, String type, String state, UnaryOperator<ProvisionedRequest> change,
                         Map<String, Consumer<BrokerLayout>> steps, Runnable alsoInTransaction) {
        if (version == null) {
            throw KafkaErrors.badRequest("currentVersion", "The currentVersion parameter is required.");
        }
        ProvisionedRequest target = change.apply(c.provisioned());
        String arn = Arns.operation(c.arn());
        Map<String, String> pending = new LinkedHashMap<>();
        steps.keySet().forEach(s -> pending.put(s, "PENDING"));
        Cluster changed = tx.execute(s -> {
            Cluster after = clusters.beginChange(c, version, target, state, arn);
            operations.create(new OperationStore.StoredOperation(arn, c.arn(), c.account(), c.region(), type, "PENDING",
                    clock.now(), null, ClusterViews.mutable(c.provisioned()), ClusterViews.mutable(target), pending, null, null));
            alsoInTransaction.run();
            return after;
        });
        lifecycle.run(changed, state, arn, steps);
        return arn;
    }

    /** Refuses a change of the brokers themselves in external mode, where they belong to the existing cluster. */
    private void ownBrokers(String action) {
        if (fleet.external()) {
            throw KafkaErrors.badRequest("clusterArn", action + " is not available in external mode"
                    + " (OVERCAST_KAFKA_EXTERNAL_BOOTSTRAP): the brokers are the existing Kafka cluster's.");
        }
    }

    private Cluster provisioned(RequestContext ctx, String arn) {
        Cluster c = clusters.require(new RequestCaller(ctx.account(), ctx.region()), arn);
        if (c.isServerless()) {
            throw KafkaErrors.badRequest("clusterArn", "This operation cannot be performed on serverless clusters.");
        }
        return c;
    }
}
