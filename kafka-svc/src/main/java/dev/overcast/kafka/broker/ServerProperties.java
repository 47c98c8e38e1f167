package dev.overcast.kafka.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's server.properties: the node's own settings (roles, listeners, its log folder), MSK's defaults for a
 * cluster of that size, then the cluster's configuration revision, which wins over the defaults.
 */
final class ServerProperties {

    /** The client listeners' names (each maps to its security protocol). */
    static final String TLS = "CLIENT_TLS";
    static final String SCRAM = "CLIENT_SASL_SCRAM";
    static final String IAM = "CLIENT_SASL_IAM";

    private ServerProperties() {
    }

    static String of(BrokerLayout layout, BrokerLayout.Broker broker, String listenHost, String advertisedHost, String logDir,
                     BrokerSecurity security) {
        BrokerLayout.Broker controller = layout.controller();
        int n = layout.brokers().size();
        int replication = Math.min(3, n);
        int minIsr = n >= 3 ? 2 : 1;
        Map<String, String> p = new LinkedHashMap<>();
        boolean isController = broker.id() == controller.id();
        p.put("process.roles", isController ? "broker,controller" : "broker");
        p.put("node.id", Integer.toString(broker.id()));
        p.put("controller.quorum.voters", controller.id() + "@" + listenHost + ":" + controller.controllerPort());
        listeners(p, layout.listeners(), broker, listenHost, advertisedHost, isController ? controller.controllerPort() : null);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        security(p, layout.listeners(), security);
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

    /**
     * The listeners: PLAINTEXT always (the brokers' own traffic and the service's admin client; clients are told of it
     * only when the cluster allows plaintext), then each client listener the cluster's settings open.
     */
    private static void listeners(Map<String, String> p, BrokerLayout.Listeners open, BrokerLayout.Broker broker,
                                  String listenHost, String advertisedHost, Integer controllerPort) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PLAINTEXT", broker.port());
        if (open.tls()) {
            ports.put(TLS, broker.tlsPort());
        }
        if (open.scram()) {
            ports.put(SCRAM, broker.scramPort());
        }
        if (open.iam()) {
            ports.put(IAM, broker.iamPort());
        }
        StringBuilder listen = new StringBuilder();
        StringBuilder advertised = new StringBuilder();
        ports.forEach((name, port) -> {
            listen.append(listen.isEmpty() ? "" : ",").append(name).append("://").append(listenHost).append(':').append(port);
            advertised.append(advertised.isEmpty() ? "" : ",").append(name).append("://").append(advertisedHost).append(':')
                    .append(port);
        });
        if (controllerPort != null) {
            listen.append(",CONTROLLER://").append(listenHost).append(':').append(controllerPort);
        }
        p.put("listeners", listen.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + TLS + ":SSL," + SCRAM + ":SASL_SSL," + IAM
                + ":SASL_SSL,CONTROLLER:PLAINTEXT");
    }

    /** The TLS certificate of the listeners that need one, and the SASL mechanism of each SASL listener. */
    private static void security(Map<String, String> p, BrokerLayout.Listeners open, BrokerSecurity security) {
        if (open.anyTls()) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", security.keystore().toString());
            p.put("ssl.keystore.password", security.keystorePassword());
            p.put("ssl.key.password", security.keystorePassword());
            p.put("ssl.client.auth", "none");
        }
        String scram = "listener.name." + SCRAM.toLowerCase(java.util.Locale.ROOT) + ".";
        String iam = "listener.name." + IAM.toLowerCase(java.util.Locale.ROOT) + ".";
        if (open.scram()) {
            p.put(scram + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put(scram + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        if (open.iam()) {
            // the broker side of aws-msk-iam-auth's mechanism: the plugin jar packed beside the broker's (engine-kafka-iam)
            p.put(iam + "sasl.enabled.mechanisms", "AWS_MSK_IAM");
            p.put(iam + "aws_msk_iam.sasl.jaas.config", "dev.overcast.engine.kafka.iam.IamLoginModule required verifyUrl=\""
                    + security.iamVerifyUrl() + "\";");
            p.put(iam + "aws_msk_iam.sasl.server.callback.handler.class", "dev.overcast.engine.kafka.iam.IamServerCallbackHandler");
        }
        if (open.scram() || open.iam()) {
            p.put("sasl.enabled.mechanisms", open.scram() ? "SCRAM-SHA-512" : "AWS_MSK_IAM");
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
