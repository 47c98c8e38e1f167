package dev.overcast.common.bus;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import dev.overcast.common.engine.KafkaEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bus's broker in the sandbox: a real single-node Apache Kafka in KRaft mode (broker and controller in one JVM),
 * started through the engine launcher under {@code <home>} (the data directory's {@code kafka/}); its log, and so every
 * event not yet expired, survives restarts. Settings are those of one node: replication 1, two network and I/O
 * threads, a small heap and a small cleaner buffer.
 */
public final class BusBroker implements AutoCloseable {

    /** What the broker prints once it serves clients. */
    static final String READY_LINE = KafkaEngine.READY_LINE;

    private final EngineProcess process;
    private final int port;

    private BusBroker(EngineProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the broker on {@code port} (formatting its log directory on first use), ready for clients. */
    public static BusBroker start(Path home, int port, Path engineCache) {
        Path dir = home.toAbsolutePath().normalize();
        EngineDistribution kafka = EngineDistribution.locate("kafka", engineCache);
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(engineCache);
            Files.writeString(config, serverProperties(dir, port, freeControllerPort()));
            KafkaEngine.writeLogSettings(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the bus broker's settings in " + dir, e);
        }
        List<String> jvm = KafkaEngine.jvmOptions(dir, "256m");
        KafkaEngine.formatOnce(dir, dir.resolve("logs"), kafka, config, jvm, KafkaEngine.newClusterId());
        EngineProcess process = KafkaEngine.start("kafka", dir, kafka, jvm, config, engineCache);
        return new BusBroker(process, port);
    }

    private static String serverProperties(Path dir, int port, int controllerPort) {
        return """
                # written by Overcast at each start of the bus broker (one node, KRaft: broker and controller in one)
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                default.replication.factor=1
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=4
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=2
                background.threads=2
                num.recovery.threads.per.data.dir=1
                log.cleaner.threads=1
                log.cleaner.dedupe.buffer.size=16777216
                log.retention.hours=168
                log.segment.bytes=67108864
                """.formatted(port, controllerPort, dir.resolve("logs").toString().replace("\\", "/"));
    }

    private static int freeControllerPort() {
        return dev.overcast.common.db.EmbeddedPostgresServer.freePort();
    }

    /** The address clients bootstrap from. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the broker cleanly (a controlled shutdown); {@link #restart} brings it back on the same port. */
    public void stop() {
        process.stop();
    }

    public void restart() {
        process.start();
    }

    @Override
    public void close() {
        process.stop();
    }
}
