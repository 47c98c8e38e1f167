package dev.overcast.kafka.connector;

import dev.overcast.kafka.broker.BrokerFleet;
import dev.overcast.kafka.broker.BrokerLayout.Broker;
import dev.overcast.kafka.cluster.Cluster;
import dev.overcast.kafka.cluster.ClusterStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The brokers a connector's worker reaches: the suite's MSK cluster whose brokers the connector's BootstrapServers name
 * (by any of their listeners' ports), through that cluster's plaintext listeners, which the worker on this machine
 * uses whatever authentication the connector asked for; an address no suite cluster has (an existing Kafka, in
 * external mode) as it is given.
 */
@Component
public class ClusterBootstrap {

    private final ClusterStore clusters;
    private final BrokerFleet fleet;

    public ClusterBootstrap(ClusterStore clusters, BrokerFleet fleet) {
        this.clusters = clusters;
        this.fleet = fleet;
    }

    public String resolve(String bootstrapServers) {
        if (fleet.external()) {
            return bootstrapServers.strip();
        }
        Set<Integer> ports = new HashSet<>();
        for (String address : bootstrapServers.split(",")) {
            int colon = address.lastIndexOf(':');
            if (colon > 0) {
                try {
                    ports.add(Integer.parseInt(address.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    // not host:port: left to the worker to refuse
                }
            }
        }
        for (Cluster c : clusters.all()) {
            List<Broker> brokers = clusters.brokers(c.arn());
            if (brokers.stream().anyMatch(b -> ports.contains(b.port()) || ports.contains(b.scramPort()))) {
                return brokers.stream().map(b -> fleet.advertisedHost() + ":" + b.port()).collect(Collectors.joining(","));
            }
        }
        return bootstrapServers.strip();
    }
}
