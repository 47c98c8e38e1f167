package dev.overcast.kafka.connector;

import dev.overcast.common.protocol.json.ModelJson;
import software.amazon.awssdk.services.kafkaconnect.model.Capacity;
import software.amazon.awssdk.services.kafkaconnect.model.CapacityDescription;
import software.amazon.awssdk.services.kafkaconnect.model.CapacityUpdate;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorSummary;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterClientAuthenticationDescription;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterDescription;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterEncryptionInTransitDescription;
import software.amazon.awssdk.services.kafkaconnect.model.LogDeliveryDescription;
import software.amazon.awssdk.services.kafkaconnect.model.PluginDescription;
import software.amazon.awssdk.services.kafkaconnect.model.StateDescription;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationDescription;

/**
 * A connector as MSK Connect describes it. The descriptions (CapacityDescription, KafkaClusterDescription, …) have
 * the members of what was asked (Capacity, KafkaCluster, …), so each is the asked structure read as its description.
 */
final class ConnectorViews {

    private ConnectorViews() {
    }

    static DescribeConnectorResponse describe(Connector c) {
        CreateConnectorRequest s = c.spec();
        return DescribeConnectorResponse.builder().connectorArn(c.arn()).connectorName(c.name())
                .connectorDescription(s.connectorDescription()).connectorState(c.state()).creationTime(c.created())
                .currentVersion(c.currentVersion()).capacity(capacity(s.capacity()))
                .connectorConfiguration(s.connectorConfiguration())
                .kafkaCluster(as(s.kafkaCluster(), KafkaClusterDescription.class))
                .kafkaClusterClientAuthentication(as(s.kafkaClusterClientAuthentication(), KafkaClusterClientAuthenticationDescription.class))
                .kafkaClusterEncryptionInTransit(as(s.kafkaClusterEncryptionInTransit(), KafkaClusterEncryptionInTransitDescription.class))
                .kafkaConnectVersion(s.kafkaConnectVersion()).logDelivery(as(s.logDelivery(), LogDeliveryDescription.class))
                .plugins(s.plugins().stream().map(p -> as(p, PluginDescription.class)).toList())
                .serviceExecutionRoleArn(s.serviceExecutionRoleArn())
                .workerConfiguration(as(s.workerConfiguration(), WorkerConfigurationDescription.class))
                .stateDescription(c.stateCode() == null ? null
                        : StateDescription.builder().code(c.stateCode()).message(c.stateMessage()).build())
                .build();
    }

    static ConnectorSummary summary(Connector c) {
        return as(describe(c), ConnectorSummary.class);
    }

    static CapacityDescription capacity(Capacity capacity) {
        return as(capacity, CapacityDescription.class);
    }

    /** The capacity an update asks for, as a connector's capacity. */
    static Capacity capacity(CapacityUpdate update) {
        return as(update, Capacity.class);
    }

    private static <T> T as(Object structure, Class<T> type) {
        return ModelJson.read(ModelJson.write(structure), type);
    }
}
