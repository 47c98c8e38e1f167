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
 * @param listeners        which client listeners the brokers open (MSK's encryption in transit and authentication)
 */
public record BrokerLayout(String clusterId, String kafkaVersion, List<Broker> brokers, Map<String, String> serverProperties,
                           Listeners listeners) {

    public BrokerLayout {
        brokers = List.copyOf(brokers);
        serverProperties = Map.copyOf(serverProperties);
    }

    /**
     * One broker: its id and its loopback ports (plaintext, SASL/SCRAM, for broker 1 the KRaft controller, TLS and
     * SASL/IAM).
     */
    public record Broker(int id, int port, int scramPort, Integer controllerPort, int tlsPort, int iamPort) {
    }

    /**
     * The client listeners a cluster's brokers open, as MSK gives them: plaintext (reported to clients only when
     * encryption in transit allows it; the brokers always keep it for each other and the service), TLS for
     * unauthenticated clients, SASL/SCRAM over TLS, SASL/IAM over TLS.
     */
    public record Listeners(boolean plaintext, boolean tls, boolean scram, boolean iam) {

        /** Plaintext only: a cluster asking for nothing else. */
        public static final Listeners PLAINTEXT = new Listeners(true, false, false, false);

        /** Whether any listener needs the brokers' TLS certificate. */
        public boolean anyTls() {
            return tls || scram || iam;
        }
    }

    /** A client listener, for its bootstrap string. */
    public enum Listener {
        PLAINTEXT, TLS, SASL_SCRAM, SASL_IAM;

        int port(Broker b) {
            return switch (this) {
                case PLAINTEXT -> b.port();
                case TLS -> b.tlsPort();
                case SASL_SCRAM -> b.scramPort();
                case SASL_IAM -> b.iamPort();
            };
        }
    }

    public Broker controller() {
        return brokers.getFirst();
    }

    public BrokerLayout withServerProperties(Map<String, String> properties) {
        return new BrokerLayout(clusterId, kafkaVersion, brokers, properties, listeners);
    }

    public BrokerLayout withVersion(String version) {
        return new BrokerLayout(clusterId, version, brokers, serverProperties, listeners);
    }

    public BrokerLayout withBrokers(List<Broker> all) {
        return new BrokerLayout(clusterId, kafkaVersion, all, serverProperties, listeners);
    }
}
