package dev.overcast.kafka.connector;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import dev.overcast.common.engine.KafkaEngine;
import dev.overcast.common.engine.Processes;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The connectors' Kafka Connect workers on this machine: one real worker in distributed mode per connector, a child JVM
 * started through common's engine launcher (pid file, log file, the worker's own "Kafka Connect started" line, orphans
 * of a killed predecessor stopped), under {@code <data-dir>/msk-connect/connectors/<connector id>/} with its plugins
 * laid out in {@code plugins/} (its {@code plugin.path}) and its REST API on a recorded loopback port.
 */
@Component
public class ConnectWorkers implements DisposableBean {

    /** What the worker prints once it serves (Connect's own line). */
    static final String READY_LINE = "Kafka Connect started";

    /**
     * What a worker is started with.
     *
     * @param id         the connector's id (its folder)
     * @param name       the connector's name (its internal topics and group are named after it)
     * @param bootstrap  the brokers the worker reaches
     * @param restPort   its REST API's port
     * @param properties the worker configuration's properties (converters and the like)
     * @param plugins    lays the connector's plugins out in the folder it is given
     */
    public record WorkerSpec(String id, String name, String bootstrap, int restPort, Map<String, String> properties,
                             Consumer<Path> plugins) {
    }

    private final Path root;
    private final Path engineCache;
    private final String heap;
    private final Map<String, EngineProcess> running = new ConcurrentHashMap<>();

    public ConnectWorkers(@Value("${overcast.kafka.data-dir}") Path dataDir,
                          @Value("${overcast.kafka.connect-worker-heap}") String heap) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("msk-connect").resolve("connectors");
        this.engineCache = dataDir.toAbsolutePath().normalize().resolve("engines");
        this.heap = heap;
    }

    /** Starts the connector's worker (its plugins laid out afresh) and returns once it serves its REST API. */
    public void start(WorkerSpec w) {
        EngineProcess old = running.remove(w.id());
        if (old != null) {
            old.stop();
        }
        Path home = home(w.id());
        Path plugins = home.resolve("plugins");
        try {
            deleteTree(plugins);
            Files.createDirectories(plugins);
            w.plugins().accept(plugins);
            Files.writeString(home.resolve("worker.properties"), workerProperties(w, plugins));
            Files.writeString(home.resolve("log4j2.properties"), KafkaEngine.logSettings("org.apache.kafka.connect.runtime.Connect"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the worker of connector " + w.name() + " in " + home, e);
        }
        EngineDistribution connect = EngineDistribution.locate("kafka-connect", engineCache);
        List<String> jvm = KafkaEngine.jvmOptions(home, heap);
        EngineProcess process = EngineProcess.start(new EngineProcess.Spec("worker", home, connect, jvm,
                List.of(home.resolve("worker.properties").toString()), line -> line.contains(READY_LINE),
                Duration.ofMinutes(4), Duration.ofSeconds(30)));
        running.put(w.id(), process);
    }

    /**
     * The worker's settings: MSK Connect's own (bootstrap, group, internal topics named after the connector as MSK
     * Connect names them, REST on loopback, plugin.path) over the worker configuration's; String converters unless the
     * worker configuration says otherwise, as MSK Connect's default worker configuration does.
     */
    static String workerProperties(WorkerSpec w, Path plugins) {
        Map<String, String> p = new TreeMap<>();
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("offset.storage.topic", "__amazon_msk_connect_offsets_" + w.name() + "_" + w.id());
        p.put("offset.flush.interval.ms", "10000");
        p.putAll(w.properties());
        p.put("bootstrap.servers", w.bootstrap());
        p.put("group.id", "__amazon_msk_connect_cluster_" + w.name() + "_" + w.id());
        p.put("config.storage.topic", "__amazon_msk_connect_configs_" + w.name() + "_" + w.id());
        p.put("status.storage.topic", "__amazon_msk_connect_status_" + w.name() + "_" + w.id());
        for (String topic : List.of("config", "offset", "status")) {
            p.put(topic + ".storage.replication.factor", "-1"); // the cluster's default.replication.factor
        }
        p.put("listeners", "http://127.0.0.1:" + w.restPort());
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", Integer.toString(w.restPort()));
        p.put("plugin.path", plugins.toString());
        Properties file = new Properties();
        file.putAll(p);
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            file.store(out, "written by Overcast for MSK Connect connector " + w.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The worker properties of a properties file's text (a worker configuration's, as the connector took it). */
    static Map<String, String> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text == null ? "" : text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    public boolean isRunning(String id) {
        EngineProcess p = running.get(id);
        return p != null && p.isAlive();
    }

    /** The pid of the connector's worker, or -1. */
    public long pid(String id) {
        EngineProcess p = running.get(id);
        return p == null ? -1 : p.pid();
    }

    /** Whether this service runs the connector's worker (started here, not stopped since). */
    public boolean owns(String id) {
        return running.containsKey(id);
    }

    /** Stops the connector's worker cleanly (its folder kept: a FAILED connector, or the service stopping). */
    public void stop(String id) {
        EngineProcess p = running.remove(id);
        if (p != null) {
            p.stop();
        }
    }

    /** Stops the worker (an orphan of a killed predecessor too) and removes the connector's folder. */
    public void delete(String id) {
        stop(id);
        stopOrphan(id);
        try {
            deleteTree(home(id));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the folder of connector " + id, e);
        }
    }

    /** Stops a worker a killed predecessor left running on the connector's folder (without starting one). */
    public void stopOrphan(String id) {
        Path pidFile = home(id).resolve("worker.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (Processes.isRunning(pid) && Processes.commandLine(pid).contains("-Dovercast.engine=worker@" + home(id))) {
                Processes.stop(pid, Duration.ofSeconds(30));
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Could not read " + pidFile, e);
        }
    }

    private Path home(String id) {
        return root.resolve(id);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Stops every worker this service started (the service's shutdown): the connectors start again at its next start. */
    @Override
    public void destroy() {
        CompletableFuture.allOf(running.keySet().stream().map(id -> CompletableFuture.runAsync(() -> stop(id)))
                .toArray(CompletableFuture[]::new)).join();
    }
}
