package dev.overcast.kafka.broker;

import java.util.List;
import java.util.Map;

/**
 * What the brokers of one cluster are: its id (the folder under the data directory), the Kafka version, the brokers
 * with their recorded ports, and the server properties of the cluster's configuration revision.
 *
 * @param clusterId        the cluster's folder name (the uuid part of its ARN)
 * @param kafkaVersion     MSK's version name, e.g. {@code 4.0.x}
 * @param brokers          the brokers, broker 1 first (it runs the KRaft controller)
 * @param serverProperties the configuration revision's properties, applied over the defaults
 */
public record BrokerLayout(String clusterId, String kafkaVersion, List<Broker> brokers, Map<String, String> serverProperties) {

    public BrokerLayout {
        brokers = List.copyOf(brokers);
        serverProperties = Map.copyOf(serverProperties);
    }

    /** One broker: its id and its loopback ports (plaintext, SASL/SCRAM, and for broker 1 the KRaft controller). */
    public record Broker(int id, int port, int scramPort, Integer controllerPort) {
    }

    public Broker controller() {
        return brokers.getFirst();
    }

    public BrokerLayout withServerProperties(Map<String, String> properties) {
        return new BrokerLayout(clusterId, kafkaVersion, brokers, properties);
    }

    public BrokerLayout withVersion(String version) {
        return new BrokerLayout(clusterId, version, brokers, serverProperties);
    }

    public BrokerLayout withBrokers(List<Broker> all) {
        return new BrokerLayout(clusterId, kafkaVersion, all, serverProperties);
    }
}
