package dev.overcast.kafka.configuration;

import dev.overcast.kafka.KafkaErrors;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The Apache Kafka properties an MSK configuration may set ("Custom MSK configurations" for Standard brokers);
 * anything else is refused as MSK refuses it.
 */
public final class AllowedProperties {

    static final Set<String> ALLOWED = Set.of(
            "allow.everyone.if.no.acl.found", "auto.create.topics.enable", "auto.leader.rebalance.enable",
            "compression.type", "connections.max.idle.ms", "default.replication.factor", "delete.topic.enable",
            "group.initial.rebalance.delay.ms", "group.max.session.timeout.ms", "group.min.session.timeout.ms",
            "leader.imbalance.per.broker.percentage", "log.cleaner.delete.retention.ms", "log.cleaner.min.cleanable.ratio",
            "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms", "log.cleanup.policy",
            "log.flush.interval.messages", "log.flush.interval.ms", "log.message.timestamp.difference.max.ms",
            "log.message.timestamp.before.max.ms", "log.message.timestamp.after.max.ms", "log.message.timestamp.type",
            "log.retention.bytes", "log.retention.hours", "log.retention.minutes", "log.retention.ms", "log.roll.hours",
            "log.roll.ms", "log.roll.jitter.hours", "log.roll.jitter.ms", "log.segment.bytes", "log.segment.delete.delay.ms",
            "max.connections.per.ip", "max.connections.per.ip.overrides", "max.incremental.fetch.session.cache.slots",
            "message.max.bytes", "min.insync.replicas", "num.io.threads", "num.network.threads", "num.partitions",
            "num.recovery.threads.per.data.dir", "num.replica.fetchers", "offsets.retention.minutes",
            "offsets.topic.replication.factor", "producer.id.expiration.ms", "replica.fetch.max.bytes",
            "replica.fetch.response.max.bytes", "replica.lag.time.max.ms", "replica.selector.class",
            "replica.socket.receive.buffer.bytes", "socket.receive.buffer.bytes", "socket.request.max.bytes",
            "socket.send.buffer.bytes", "transaction.max.timeout.ms", "transaction.state.log.min.isr",
            "transaction.state.log.replication.factor", "transactional.id.expiration.ms", "unclean.leader.election.enable",
            "log.local.retention.ms", "log.local.retention.bytes", "remote.log.msk.disable.policy",
            "sasl.login.refresh.buffer.seconds", "sasl.login.refresh.min.period.seconds", "sasl.server.max.receive.size",
            "zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms");

    /** Properties MSK accepts but that mean nothing to a KRaft broker: kept in the revision, not written to brokers. */
    static final Set<String> ZOOKEEPER_ONLY = Set.of("zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms");

    private AllowedProperties() {
    }

    /** Parses and checks a revision's server.properties; a property MSK does not allow is a BadRequestException. */
    public static Map<String, String> parse(byte[] serverProperties) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(serverProperties, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw KafkaErrors.badRequest("serverProperties", "The server properties could not be parsed: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (!ALLOWED.contains(name)) {
                throw KafkaErrors.badRequest("serverProperties", "Unsupported property: " + name
                        + ". Amazon MSK does not allow this property to be set in a configuration.");
            }
            out.put(name, p.getProperty(name).trim());
        }
        return out;
    }

    /** What the brokers get of a revision: its properties without the ZooKeeper-only ones. */
    public static Map<String, String> forBrokers(byte[] serverProperties) {
        Map<String, String> all = new LinkedHashMap<>(parse(serverProperties));
        all.keySet().removeAll(ZOOKEEPER_ONLY);
        return all;
    }
}
