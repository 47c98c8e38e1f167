package dev.overcast.kafka.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's server.properties: the node's own settings (roles, listeners, its log folder), MSK's defaults for a
 * cluster of that size, then the cluster's configuration revision, which wins over the defaults.
 */
final class ServerProperties {

    private ServerProperties() {
    }

    static String of(BrokerLayout layout, BrokerLayout.Broker broker, String listenHost, String advertisedHost, String logDir) {
        BrokerLayout.Broker controller = layout.controller();
        int n = layout.brokers().size();
        int replication = Math.min(3, n);
        int minIsr = n >= 3 ? 2 : 1;
        Map<String, String> p = new LinkedHashMap<>();
        boolean isController = broker.id() == controller.id();
        p.put("process.roles", isController ? "broker,controller" : "broker");
        p.put("node.id", Integer.toString(broker.id()));
        p.put("controller.quorum.voters", controller.id() + "@" + listenHost + ":" + controller.controllerPort());
        p.put("listeners", "PLAINTEXT://" + listenHost + ":" + broker.port() + ",SASL_PLAINTEXT://" + listenHost + ":"
                + broker.scramPort() + (isController ? ",CONTROLLER://" + listenHost + ":" + controller.controllerPort() : ""));
        p.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + broker.port() + ",SASL_PLAINTEXT://"
                + advertisedHost + ":" + broker.scramPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("log.dirs", logDir);
        // MSK's defaults (its "default configuration"), scaled to the cluster's size
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", Integer.toString(replication));
        p.put("min.insync.replicas", Integer.toString(minIsr));
        p.put("offsets.topic.replication.factor", Integer.toString(replication));
        p.put("transaction.state.log.replication.factor", Integer.toString(replication));
        p.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        p.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
        p.put("unclean.leader.election.enable", "true");
        p.put("log.retention.hours", "168");
        // a small node: few threads, a small cleaner buffer, few internal partitions
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", "16777216");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.putAll(layout.serverProperties());
        StringBuilder out = new StringBuilder("# written by Overcast at each start of this MSK broker\n");
        p.forEach((k, v) -> out.append(k).append('=').append(escape(v)).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
