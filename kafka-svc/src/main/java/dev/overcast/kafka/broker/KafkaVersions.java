package dev.overcast.kafka.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka versions clusters can run: MSK's version names mapped to the engine packed in this build (each version's
 * jars resolved from Maven Central at build time into a folder of its own, by the modules {@code engine-kafka} and
 * {@code engine-kafka-4.0}). All run in KRaft mode; a version that needs ZooKeeper is not offered.
 */
public final class KafkaVersions {

    /** MSK's version name → the engine (its {@code overcast-engines/<engine>.properties}). */
    private static final Map<String, String> ENGINES = new LinkedHashMap<>();

    static {
        ENGINES.put("4.0.x", "kafka-4.0");
        ENGINES.put("4.4.x", "kafka");
    }

    private KafkaVersions() {
    }

    /** The versions offered, oldest first. */
    public static List<String> names() {
        return List.copyOf(ENGINES.keySet());
    }

    public static boolean supported(String version) {
        return version != null && ENGINES.containsKey(version);
    }

    /** The engine that runs {@code version}. */
    public static Optional<String> engine(String version) {
        return Optional.ofNullable(ENGINES.get(version));
    }

    /** The versions a cluster of {@code version} can move to (newer ones). */
    public static List<String> upgradesFrom(String version) {
        List<String> names = names();
        int at = names.indexOf(version);
        return at < 0 ? List.of() : names.subList(at + 1, names.size());
    }
}
