package dev.overcast.kafka.cluster;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.broker.BrokerFleet;
import dev.overcast.kafka.broker.BrokerLayout.Listener;
import dev.overcast.kafka.broker.KafkaVersions;
import dev.overcast.kafka.cluster.ClusterStore.RequestCaller;
import dev.overcast.kafka.configuration.ConfigurationStore;
import dev.overcast.kafka.tag.TagStore;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafka.model.BrokerNodeGroupInfo;
import software.amazon.awssdk.services.kafka.model.ConfigurationInfo;
import software.amazon.awssdk.services.kafka.model.CreateClusterRequest;
import software.amazon.awssdk.services.kafka.model.CreateClusterResponse;
import software.amazon.awssdk.services.kafka.model.CreateClusterV2Request;
import software.amazon.awssdk.services.kafka.model.CreateClusterV2Response;
import software.amazon.awssdk.services.kafka.model.DeleteClusterRequest;
import software.amazon.awssdk.services.kafka.model.DeleteClusterResponse;
import software.amazon.awssdk.services.kafka.model.DescribeClusterRequest;
import software.amazon.awssdk.services.kafka.model.DescribeClusterResponse;
import software.amazon.awssdk.services.kafka.model.DescribeClusterV2Request;
import software.amazon.awssdk.services.kafka.model.DescribeClusterV2Response;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersRequest;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersResponse;
import software.amazon.awssdk.services.kafka.model.ListClustersRequest;
import software.amazon.awssdk.services.kafka.model.ListClustersResponse;
import software.amazon.awssdk.services.kafka.model.ListClustersV2Request;
import software.amazon.awssdk.services.kafka.model.ListClustersV2Response;
import software.amazon.awssdk.services.kafka.model.ListNodesRequest;
import software.amazon.awssdk.services.kafka.model.ListNodesResponse;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;
import software.amazon.awssdk.services.kafka.model.ServerlessRequest;

/**
 * Clusters: CreateCluster, CreateClusterV2 (provisioned and serverless), DescribeCluster(V2), ListClusters(V2),
 * DeleteCluster, ListNodes, GetBootstrapBrokers. A new cluster is CREATING while its brokers start, then ACTIVE. In
 * external mode a cluster is the existing Kafka cluster: its address, its brokers, its plaintext listeners.
 */
@AwsApi(api = "kafka")
public class ClusterApi {

    private static final Pattern NAME = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z-]{0,}$");

    private final ClusterStore clusters;
    private final ConfigurationStore configurations;
    private final TagStore tags;
    private final ClusterLifecycle lifecycle;
    private final BrokerFleet fleet;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public ClusterApi(ClusterStore clusters, ConfigurationStore configurations, TagStore tags, ClusterLifecycle lifecycle,
                      BrokerFleet fleet, SuiteClock clock, TransactionTemplate tx) {
        this.clusters = clusters;
        this.configurations = configurations;
        this.tags = tags;
        this.lifecycle = lifecycle;
        this.fleet = fleet;
        this.clock = clock;
        this.tx = tx;
    }

    public CreateClusterResponse createCluster(RequestContext ctx, CreateClusterRequest req) {
        ProvisionedRequest p = ClusterViews.convert(req, ProvisionedRequest.class);
        Cluster c = create(ctx, req.clusterName(), req.tags(), p, null);
        return CreateClusterResponse.builder().clusterArn(c.arn()).clusterName(c.name()).state(c.state()).build();
    }

    public CreateClusterV2Response createClusterV2(RequestContext ctx, CreateClusterV2Request req) {
        if ((req.provisioned() == null) == (req.serverless() == null)) {
            throw KafkaErrors.badRequest("provisioned", "Exactly one of provisioned and serverless must be specified.");
        }
        Cluster c = create(ctx, req.clusterName(), req.tags(), req.provisioned(), req.serverless());
        return CreateClusterV2Response.builder().clusterArn(c.arn()).clusterName(c.name()).state(c.state())
                .clusterType(c.type()).build();
    }

    private Cluster create(RequestContext ctx, String name, Map<String, String> tagMap, ProvisionedRequest p, ServerlessRequest s) {
        if (name == null || name.isEmpty() || name.length() > 64 || !NAME.matcher(name).matches()) {
            throw KafkaErrors.badRequest("clusterName", "The cluster name must be 1 to 64 characters of letters, digits"
                    + " and hyphens, starting with a letter or a digit.");
        }
        if (p != null) {
            validate(ctx, p);
        } else if (s.vpcConfigs().isEmpty()) {
            throw KafkaErrors.badRequest("vpcConfigs", "The vpcConfigs parameter is required for a serverless cluster.");
        }
        TagStore.validate(tagMap);
        Cluster c = new Cluster(Arns.cluster(ctx.region(), ctx.account(), name), ctx.account(), ctx.region(), name,
                p != null ? Cluster.PROVISIONED : Cluster.SERVERLESS, "CREATING", null, Arns.newVersion(), clock.now(),
                p, s, null);
        tx.executeWithoutResult(status -> {
            clusters.insert(c, ClusterLifecycle.allocate(1, c.brokerCount()));
            tags.put(c.arn(), tagMap);
        });
        lifecycle.launch(c);
        return c;
    }

    /** MSK's checks of a provisioned cluster's settings. */
    private void validate(RequestContext ctx, ProvisionedRequest p) {
        if (p.kafkaVersion() == null) {
            throw KafkaErrors.badRequest("kafkaVersion", "The kafkaVersion parameter is required.");
        }
        if (!KafkaVersions.supported(p.kafkaVersion())) {
            throw KafkaErrors.unsupportedVersion("kafkaVersion", p.kafkaVersion());
        }
        Integer n = p.numberOfBrokerNodes();
        if (n == null || n < 1 || n > 15) {
            throw KafkaErrors.badRequest("numberOfBrokerNodes", "The number of broker nodes must be between 1 and 15.");
        }
        BrokerNodeGroupInfo group = p.brokerNodeGroupInfo();
        if (group == null || group.instanceType() == null || group.clientSubnets().isEmpty()) {
            throw KafkaErrors.badRequest("brokerNodeGroupInfo", "The brokerNodeGroupInfo parameter with instanceType and"
                    + " clientSubnets is required.");
        }
        if (group.instanceType().length() < 5 || group.instanceType().length() > 32
                || !(group.instanceType().startsWith("kafka.") || group.instanceType().startsWith("express."))) {
            throw KafkaErrors.badRequest("instanceType", "Unsupported broker instance type: " + group.instanceType());
        }
        if (n % group.clientSubnets().size() != 0) {
            throw KafkaErrors.badRequest("numberOfBrokerNodes", "The number of broker nodes must be a multiple of"
                    + " Availability Zones in the Client Subnets parameter.");
        }
        ClientAccess.validate(p);
        if (fleet.external()) {
            var open = ClientAccess.listeners(p);
            if (!open.plaintext() || open.scram() || open.iam()) {
                throw KafkaErrors.badRequest("clientAuthentication", "In external mode (OVERCAST_KAFKA_EXTERNAL_BOOTSTRAP)"
                        + " clusters are reached through the existing Kafka cluster's plaintext listeners only: allow"
                        + " PLAINTEXT encryption in transit and use no SASL authentication.");
            }
        }
        checkConfiguration(ctx, p.configurationInfo(), p.kafkaVersion());
    }

    /** A configuration named by a cluster exists, has that revision, and allows the cluster's Kafka version. */
    void checkConfiguration(RequestContext ctx, ConfigurationInfo info, String kafkaVersion) {
        if (info == null) {
            return;
        }
        ConfigurationStore.StoredConfiguration conf = configurations.find(ctx.account(), ctx.region(), info.arn())
                .orElseThrow(() -> KafkaErrors.badRequest("configurationInfo", "The configuration " + info.arn() + " does not exist."));
        if (info.revision() == null || configurations.revision(conf.arn(), info.revision()).isEmpty()) {
            throw KafkaErrors.badRequest("configurationInfo", "The revision " + info.revision() + " of configuration "
                    + info.arn() + " does not exist.");
        }
        if (!conf.kafkaVersions().isEmpty() && !conf.kafkaVersions().contains(kafkaVersion)) {
            throw KafkaErrors.badRequest("configurationInfo", "The configuration " + info.arn()
                    + " is not compatible with Apache Kafka version " + kafkaVersion + ".");
        }
    }

    public DescribeClusterResponse describeCluster(RequestContext ctx, DescribeClusterRequest req) {
        Cluster c = require(ctx, req.clusterArn());
        if (c.isServerless()) {
            throw KafkaErrors.badRequest("clusterArn", "This operation cannot be performed on serverless clusters.");
        }
        return DescribeClusterResponse.builder().clusterInfo(ClusterViews.info(c, tags.tags(c.arn()))).build();
    }

    public DescribeClusterV2Response describeClusterV2(RequestContext ctx, DescribeClusterV2Request req) {
        Cluster c = require(ctx, req.clusterArn());
        return DescribeClusterV2Response.builder().clusterInfo(ClusterViews.v2(c, tags.tags(c.arn()))).build();
    }

    public ListClustersResponse listClusters(RequestContext ctx, ListClustersRequest req) {
        List<Cluster> all = clusters.list(ctx.account(), ctx.region()).stream().filter(c -> !c.isServerless())
                .filter(c -> req.clusterNameFilter() == null || c.name().startsWith(req.clusterNameFilter())).toList();
        Pages.Page<Cluster> page = Pages.of(all, req.maxResults(), req.nextToken());
        return ListClustersResponse.builder().nextToken(page.nextToken())
                .clusterInfoList(page.items().stream().map(c -> ClusterViews.info(c, tags.tags(c.arn()))).toList()).build();
    }

    public ListClustersV2Response listClustersV2(RequestContext ctx, ListClustersV2Request req) {
        String type = req.clusterTypeFilter();
        if (type != null && !type.equals(Cluster.PROVISIONED) && !type.equals(Cluster.SERVERLESS)) {
            throw KafkaErrors.badRequest("clusterTypeFilter", "The clusterTypeFilter must be PROVISIONED or SERVERLESS.");
        }
        List<Cluster> all = clusters.list(ctx.account(), ctx.region()).stream()
                .filter(c -> type == null || c.type().equals(type))
                .filter(c -> req.clusterNameFilter() == null || c.name().startsWith(req.clusterNameFilter())).toList();
        Pages.Page<Cluster> page = Pages.of(all, req.maxResults(), req.nextToken());
        return ListClustersV2Response.builder().nextToken(page.nextToken())
                .clusterInfoList(page.items().stream().map(c -> ClusterViews.v2(c, tags.tags(c.arn()))).toList()).build();
    }

    public DeleteClusterResponse deleteCluster(RequestContext ctx, DeleteClusterRequest req) {
        Cluster c = require(ctx, req.clusterArn());
        if (req.currentVersion() != null && !req.currentVersion().equals(c.currentVersion())) {
            throw KafkaErrors.staleVersion(req.currentVersion());
        }
        if ("DELETING".equals(c.state())) {
            throw KafkaErrors.badRequest("clusterArn", "The cluster " + c.arn() + " is already being deleted.");
        }
        tx.executeWithoutResult(s -> {
            clusters.setState(c.arn(), "DELETING", null, null);
            tags.removeAll(c.arn());
        });
        lifecycle.remove(c);
        return DeleteClusterResponse.builder().clusterArn(c.arn()).state("DELETING").build();
    }

    public ListNodesResponse listNodes(RequestContext ctx, ListNodesRequest req) {
        Cluster c = require(ctx, req.clusterArn());
        if (fleet.external()) { // the existing cluster's brokers, as its metadata lists them
            List<org.apache.kafka.common.Node> nodes;
            try {
                nodes = fleet.externalNodes();
            } catch (IllegalStateException e) {
                throw new dev.overcast.common.error.AwsException("ServiceUnavailableException", 503, e.getMessage());
            }
            Pages.Page<org.apache.kafka.common.Node> page = Pages.of(nodes, req.maxResults(), req.nextToken());
            return ListNodesResponse.builder().nextToken(page.nextToken()).nodeInfoList(page.items().stream()
                    .map(n -> ClusterViews.node(c, new dev.overcast.kafka.broker.BrokerLayout.Broker(n.id(), n.port(), 0, null, 0, 0),
                            n.host())).toList()).build();
        }
        String host = fleet.advertisedHost();
        Pages.Page<dev.overcast.kafka.broker.BrokerLayout.Broker> page = Pages.of(clusters.brokers(c.arn()), req.maxResults(), req.nextToken());
        return ListNodesResponse.builder().nextToken(page.nextToken())
                .nodeInfoList(page.items().stream().map(b -> ClusterViews.node(c, b, host)).toList()).build();
    }

    /**
     * The addresses clients bootstrap from, one string per listener the cluster's security settings open: plaintext,
     * TLS (the suite's CA signs the brokers' certificates: GET /_overcast/kafka/ca.pem), SASL/SCRAM and SASL/IAM over
     * TLS.
     */
    public GetBootstrapBrokersResponse getBootstrapBrokers(RequestContext ctx, GetBootstrapBrokersRequest req) {
        Cluster c = require(ctx, req.clusterArn());
        if ("CREATING".equals(c.state()) || "DELETING".equals(c.state()) || "FAILED".equals(c.state())) {
            throw KafkaErrors.badRequest("clusterArn", "The cluster " + c.arn() + " is in state " + c.state()
                    + "; bootstrap brokers are available once it is ACTIVE.");
        }
        var layout = lifecycle.layout(c);
        var open = layout.listeners();
        GetBootstrapBrokersResponse.Builder b = GetBootstrapBrokersResponse.builder();
        if (open.plaintext()) {
            b.bootstrapBrokerString(fleet.bootstrap(layout, Listener.PLAINTEXT));
        }
        if (fleet.external()) { // the existing cluster's address; its own listeners are not this service's to open
            return b.build();
        }
        if (open.tls()) {
            b.bootstrapBrokerStringTls(fleet.bootstrap(layout, Listener.TLS));
        }
        if (open.scram()) {
            b.bootstrapBrokerStringSaslScram(fleet.bootstrap(layout, Listener.SASL_SCRAM));
        }
        if (open.iam()) {
            b.bootstrapBrokerStringSaslIam(fleet.bootstrap(layout, Listener.SASL_IAM));
        }
        return b.build();
    }

    private Cluster require(RequestContext ctx, String arn) {
        return clusters.require(new RequestCaller(ctx.account(), ctx.region()), arn);
    }
}
