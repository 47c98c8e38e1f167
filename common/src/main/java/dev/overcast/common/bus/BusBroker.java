package dev.overcast.common.bus;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The bus's broker in the sandbox: a real single-node Apache Kafka in KRaft mode (broker and controller in one JVM),
 * started through the engine launcher under {@code <home>} (the data directory's {@code kafka/}); its log, and so every
 * event not yet expired, survives restarts. Settings are those of one node: replication 1, two network and I/O
 * threads, a small heap and a small cleaner buffer.
 */
public final class BusBroker implements AutoCloseable {

    /** What the broker prints once it serves clients. */
    static final String READY_LINE = "Kafka Server started";

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
            Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the bus broker's settings in " + dir, e);
        }
        // a small heap and C1 only, for a short start on a small machine
        List<String> jvm = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:MaxDirectMemorySize=64m", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            EngineProcess.run(new EngineProcess.Spec("kafka-format", dir,
                    new EngineDistribution(kafka.name(), kafka.version(), "kafka.tools.StorageTool", kafka.directory()), jvm,
                    List.of("format", "--ignore-formatted", "--cluster-id", clusterId(), "--config", config.toString()),
                    line -> false, Duration.ofSeconds(120), Duration.ofSeconds(5)));
        }
        // and a class-data archive of the broker's classes in the engine cache: the first start writes it when it
        // stops, the next ones map it
        List<String> broker = new java.util.ArrayList<>(jvm);
        broker.addAll(List.of("-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:SharedArchiveFile=" + engineCache.toAbsolutePath().resolve("kafka-" + kafka.version() + ".jsa")));
        EngineProcess process = EngineProcess.start(new EngineProcess.Spec("kafka", dir, kafka, broker,
                List.of(config.toString()), line -> line.contains(READY_LINE), Duration.ofSeconds(120), Duration.ofSeconds(30)));
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

    /** Kafka's cluster ids are 16 random bytes in unpadded URL-safe base64. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static int freeControllerPort() {
        return dev.overcast.common.db.EmbeddedPostgresServer.freePort();
    }

    private static final String LOG4J = """
            status = warn
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = warn
            rootLogger.appenderRef.out.ref = out
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = info
            """;

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
