package dev.overcast.kafka.cluster;

import java.time.Instant;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;
import software.amazon.awssdk.services.kafka.model.ServerlessRequest;
import software.amazon.awssdk.services.kafka.model.StateInfo;

/**
 * A cluster as stored: what was asked (a provisioned or a serverless request, kept as MSK's own shapes) and where it
 * stands.
 *
 * @param type            PROVISIONED or SERVERLESS
 * @param provisioned     the provisioned settings (null for serverless), updated by each change
 * @param serverless      the serverless settings (null for provisioned)
 * @param activeOperation the ARN of the running operation, or null
 */
public record Cluster(String arn, String account, String region, String name, String type, String state,
                      StateInfo stateInfo, String currentVersion, Instant created, ProvisionedRequest provisioned,
                      ServerlessRequest serverless, String activeOperation) {

    public static final String PROVISIONED = "PROVISIONED";
    public static final String SERVERLESS = "SERVERLESS";

    public boolean isServerless() {
        return SERVERLESS.equals(type);
    }

    /** The Kafka version the brokers run (a serverless cluster runs the newest offered). */
    public String kafkaVersion() {
        return isServerless() ? dev.overcast.kafka.broker.KafkaVersions.names().getLast() : provisioned.kafkaVersion();
    }

    /** Whether clients authenticate with SASL/SCRAM. */
    public boolean scramEnabled() {
        return !isServerless() && provisioned.clientAuthentication() != null && provisioned.clientAuthentication().sasl() != null
                && provisioned.clientAuthentication().sasl().scram() != null
                && Boolean.TRUE.equals(provisioned.clientAuthentication().sasl().scram().enabled());
    }

    public int brokerCount() {
        return isServerless() ? 1 : provisioned.numberOfBrokerNodes();
    }

    public Cluster withProvisioned(ProvisionedRequest p) {
        return new Cluster(arn, account, region, name, type, state, stateInfo, currentVersion, created, p, serverless, activeOperation);
    }
}
