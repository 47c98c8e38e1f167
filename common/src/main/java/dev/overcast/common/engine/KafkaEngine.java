package dev.overcast.common.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What every Apache Kafka node the suite starts shares (the bus broker, MSK clusters' brokers): the JVM settings of a
 * small node, its Log4j settings, the KRaft storage format step, the readiness line and the start itself.
 */
public final class KafkaEngine {

    /** What a broker prints once it serves clients. */
    public static final String READY_LINE = "Kafka Server started";

    /** The main class of an MSK broker's JVM (see {@link #startBroker}). */
    public static final String BROKER_MAIN = "dev.overcast.engine.kafka.BrokerMain";

    /** Warnings only, except the line that says the server started (the readiness signal). */
    public static final String LOG4J = logSettings("kafka.server.KafkaRaftServer");

    /**
     * Log4j settings of a Kafka JVM (a broker, a Connect worker): warnings only, except {@code readyLogger}'s, which
     * prints the readiness line.
     */
    public static String logSettings(String readyLogger) {
        return """
                status = warn
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = warn
                rootLogger.appenderRef.out.ref = out
                logger.ready.name = {ready}
                logger.ready.level = info
                """.replace("{ready}", readyLogger);
    }

    private KafkaEngine() {
    }

    /** A small heap and C1 only, for a short start on a small machine; Log4j reads {@code dir/log4j2.properties}. */
    public static List<String> jvmOptions(Path dir, String maxHeap) {
        return List.of("-Xms32m", "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:MaxDirectMemorySize=64m", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    }

    /** Writes the node's Log4j settings into {@code dir}. */
    public static void writeLogSettings(Path dir) throws IOException {
        Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
    }

    /** Formats the node's KRaft storage once (nothing to do when {@code logDir} holds a meta.properties already). */
    public static void formatOnce(Path dir, Path logDir, EngineDistribution kafka, Path config, List<String> jvm,
                                  String clusterId) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        EngineProcess.run(new EngineProcess.Spec("kafka-format", dir,
                new EngineDistribution(kafka.name(), kafka.version(), "kafka.tools.StorageTool", kafka.directory()), jvm,
                List.of("format", "--ignore-formatted", "--cluster-id", clusterId, "--config", config.toString()),
                line -> false, Duration.ofSeconds(120), Duration.ofSeconds(5)));
    }

    /**
     * Starts the node ({@code name} names its pid and log files in {@code dir}) and waits until it serves; the class
     * data archive of the version's classes in {@code engineCache} is written by the first stop, mapped by the next
     * starts.
     */
    public static EngineProcess start(String name, Path dir, EngineDistribution kafka, List<String> jvm, Path config,
                                      Path engineCache) {
        List<String> options = new ArrayList<>(jvm);
        options.addAll(List.of("-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:SharedArchiveFile=" + classArchive(kafka, engineCache)));
        return EngineProcess.start(new EngineProcess.Spec(name, dir, kafka, options, List.of(config.toString()),
                line -> line.contains(READY_LINE), Duration.ofSeconds(120), Duration.ofSeconds(30)));
    }

    /**
     * Starts an MSK broker through the launcher packed beside the broker's jars ({@value #BROKER_MAIN}, module
     * engine-kafka-iam) and waits until it serves: its KRaft storage is formatted in that same JVM on first use, not by
     * a JVM of its own. The class data archive is the one {@link #start} uses.
     */
    public static EngineProcess startBroker(String name, Path dir, EngineDistribution kafka, List<String> jvm, Path config,
                                            Path logDir, String clusterId, Path engineCache) {
        List<String> options = new ArrayList<>(jvm);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            options.add("-Dovercast.kafka.format-cluster-id=" + clusterId);
        }
        return start(name, dir, new EngineDistribution(kafka.name(), kafka.version(), BROKER_MAIN, kafka.directory()),
                options, config, engineCache);
    }

    /**
     * The class data archive of a Kafka version's classes for the Java that runs them (this JVM's: Kafka runs on any
     * Java): written by a node's JVM when it exits (not when it is killed) if it found none it could map, mapped by the
     * next starts. An archive made by another Java is of no use, hence the Java's version in the name.
     */
    public static Path classArchive(EngineDistribution kafka, Path engineCache) {
        String java = Runtime.version().toString().replaceAll("[^A-Za-z0-9.-]", "_");
        return engineCache.toAbsolutePath().resolve("kafka-" + kafka.version() + "-java-" + java + ".jsa");
    }

    /**
     * Whether the version's class data archive exists for this Java and is newer than every jar of the engine: the JVM
     * maps an archive only if the jars are those it was made from (size and modification time), so one older than a
     * jar (the engine unpacked again by a new build) is stale, written again by the next JVM that exits.
     */
    public static boolean hasClassArchive(EngineDistribution kafka, Path engineCache) {
        Path archive = classArchive(kafka, engineCache);
        try (Stream<Path> jars = Files.list(kafka.directory())) {
            if (!Files.exists(archive)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(archive);
            return jars.filter(j -> j.toString().endsWith(".jar")).allMatch(j -> {
                try {
                    return Files.getLastModifiedTime(j).compareTo(made) <= 0;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** A new cluster id (see {@link #clusterId(UUID)}). */
    public static String newClusterId() {
        return clusterId(UUID.randomUUID());
    }

    /**
     * Kafka's cluster ids are 16 bytes in unpadded URL-safe base64; the first byte's top bit is cleared so that the id
     * never starts with '-' (or '_'), which {@code kafka-storage format --cluster-id} would take for an option and
     * refuse (Kafka's own ids avoid a leading '-' too).
     */
    public static String clusterId(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        byte[] id = bytes.array();
        id[0] &= 0x7F;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
