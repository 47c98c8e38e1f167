package dev.overcast.kafka.cluster;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.kafka.broker.BrokerLayout.Broker;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kafka.model.BrokerNodeInfo;
import software.amazon.awssdk.services.kafka.model.BrokerSoftwareInfo;
import software.amazon.awssdk.services.kafka.model.ClusterInfo;
import software.amazon.awssdk.services.kafka.model.MutableClusterInfo;
import software.amazon.awssdk.services.kafka.model.NodeInfo;
import software.amazon.awssdk.services.kafka.model.OpenMonitoring;
import software.amazon.awssdk.services.kafka.model.Provisioned;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;
import software.amazon.awssdk.services.kafka.model.Serverless;

/** A stored cluster as MSK describes it: ClusterInfo (v1), Cluster (v2), its nodes, and an operation's view of it. */
final class ClusterViews {

    private ClusterViews() {
    }

    /** Converts between two model shapes of the same wire form (MSK's request and description shapes often are). */
    static <T> T convert(Object from, Class<T> to) {
        return from == null ? null : ModelJson.read(ModelJson.write(from), to);
    }

    static BrokerSoftwareInfo software(ProvisionedRequest p) {
        BrokerSoftwareInfo.Builder b = BrokerSoftwareInfo.builder().kafkaVersion(p.kafkaVersion());
        if (p.configurationInfo() != null) {
            b.configurationArn(p.configurationInfo().arn()).configurationRevision(p.configurationInfo().revision());
        }
        return b.build();
    }

    static ClusterInfo info(Cluster c, Map<String, String> tags) {
        ProvisionedRequest p = c.provisioned();
        ClusterInfo.Builder b = ClusterInfo.builder().clusterArn(c.arn()).clusterName(c.name()).creationTime(c.created())
                .currentVersion(c.currentVersion()).state(c.state()).stateInfo(c.stateInfo()).tags(tags)
                .activeOperationArn(c.activeOperation());
        if (p != null) {
            b.brokerNodeGroupInfo(p.brokerNodeGroupInfo()).clientAuthentication(p.clientAuthentication())
                    .currentBrokerSoftwareInfo(software(p)).encryptionInfo(p.encryptionInfo())
                    .enhancedMonitoring(p.enhancedMonitoringAsString() == null ? "DEFAULT" : p.enhancedMonitoringAsString())
                    .openMonitoring(convert(p.openMonitoring(), OpenMonitoring.class)).loggingInfo(p.loggingInfo())
                    .numberOfBrokerNodes(p.numberOfBrokerNodes())
                    .storageMode(p.storageModeAsString() == null ? "LOCAL" : p.storageModeAsString());
        }
        return b.build();
    }

    static software.amazon.awssdk.services.kafka.model.Cluster v2(Cluster c, Map<String, String> tags) {
        software.amazon.awssdk.services.kafka.model.Cluster.Builder b = software.amazon.awssdk.services.kafka.model.Cluster.builder()
                .clusterArn(c.arn()).clusterName(c.name()).clusterType(c.type()).creationTime(c.created())
                .currentVersion(c.currentVersion()).state(c.state()).stateInfo(c.stateInfo()).tags(tags)
                .activeOperationArn(c.activeOperation());
        if (c.isServerless()) {
            b.serverless(Serverless.builder().vpcConfigs(c.serverless().vpcConfigs())
                    .clientAuthentication(c.serverless().clientAuthentication()).build());
        } else {
            ClusterInfo info = info(c, tags);
            b.provisioned(Provisioned.builder().brokerNodeGroupInfo(info.brokerNodeGroupInfo())
                    .clientAuthentication(info.clientAuthentication()).currentBrokerSoftwareInfo(info.currentBrokerSoftwareInfo())
                    .encryptionInfo(info.encryptionInfo()).enhancedMonitoring(info.enhancedMonitoringAsString())
                    .openMonitoring(convert(c.provisioned().openMonitoring(),
                            software.amazon.awssdk.services.kafka.model.OpenMonitoringInfo.class))
                    .loggingInfo(info.loggingInfo()).numberOfBrokerNodes(info.numberOfBrokerNodes())
                    .storageMode(info.storageModeAsString()).build());
        }
        return b.build();
    }

    /** The settings an operation changes, before or after it. */
    static MutableClusterInfo mutable(ProvisionedRequest p) {
        return MutableClusterInfo.builder().numberOfBrokerNodes(p.numberOfBrokerNodes()).kafkaVersion(p.kafkaVersion())
                .configurationInfo(p.configurationInfo()).enhancedMonitoring(p.enhancedMonitoringAsString())
                .openMonitoring(convert(p.openMonitoring(), OpenMonitoring.class)).loggingInfo(p.loggingInfo())
                .clientAuthentication(p.clientAuthentication()).encryptionInfo(p.encryptionInfo())
                .instanceType(p.brokerNodeGroupInfo() == null ? null : p.brokerNodeGroupInfo().instanceType())
                .connectivityInfo(p.brokerNodeGroupInfo() == null ? null : p.brokerNodeGroupInfo().connectivityInfo())
                .brokerEBSVolumeInfo(volumes(p)).build();
    }

    private static List<software.amazon.awssdk.services.kafka.model.BrokerEBSVolumeInfo> volumes(ProvisionedRequest p) {
        if (p.brokerNodeGroupInfo() == null || p.brokerNodeGroupInfo().storageInfo() == null
                || p.brokerNodeGroupInfo().storageInfo().ebsStorageInfo() == null) {
            return List.of();
        }
        var ebs = p.brokerNodeGroupInfo().storageInfo().ebsStorageInfo();
        return List.of(software.amazon.awssdk.services.kafka.model.BrokerEBSVolumeInfo.builder().kafkaBrokerNodeId("All")
                .volumeSizeGB(ebs.volumeSize()).provisionedThroughput(ebs.provisionedThroughput()).build());
    }

    static NodeInfo node(Cluster c, Broker b, String host) {
        String instanceType = c.isServerless() || c.provisioned().brokerNodeGroupInfo() == null ? null
                : c.provisioned().brokerNodeGroupInfo().instanceType();
        List<String> subnets = c.isServerless() || c.provisioned().brokerNodeGroupInfo() == null ? List.of()
                : c.provisioned().brokerNodeGroupInfo().clientSubnets();
        return NodeInfo.builder().nodeType("BROKER").instanceType(instanceType).addedToClusterTime(c.created().toString())
                .nodeARN(c.arn().replace(":cluster/", ":broker/") + "/" + b.id())
                .brokerNodeInfo(BrokerNodeInfo.builder().brokerId((double) b.id())
                        .clientSubnet(subnets.isEmpty() ? null : subnets.get((b.id() - 1) % subnets.size()))
                        .clientVpcIpAddress(host).endpoints(List.of(host))
                        .currentBrokerSoftwareInfo(c.isServerless() ? null : software(c.provisioned())).build())
                .build();
    }
}
