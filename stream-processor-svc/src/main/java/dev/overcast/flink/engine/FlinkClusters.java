package dev.overcast.flink.engine;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Flink clusters applications run on: a child JVM per application (a local cluster with REST endpoint and web
 * dashboard, started through common's engine launcher on a Java the engine runs on, its checkpoints in the suite's S3
 * through Flink's S3 file system), or, when {@code overcast.flink.session-url} is set, an existing Flink session
 * cluster that every application's job is submitted to (its checkpoints in the application's folder: that cluster's
 * file systems are its own).
 */
@Component
public class FlinkClusters implements AutoCloseable {

    /** The JVM options Flink's own distribution passes on Java 17 and later. */
    private static final List<String> OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * How one application's cluster is configured, from its FlinkApplicationConfiguration.
     *
     * @param home             its working folder (savepoints, jars, the runtime-properties file, the log; a session
     *                         cluster's checkpoints)
     * @param systemProperties the child's AWS settings: credentials, region, the suite's endpoints
     * @param checkpoints      where a child's checkpoints go: the application's folder in the suite's S3 ({@code s3://});
     *                         null: the {@code checkpoints} folder of {@code home}
     * @param fileSystem       the child's S3 file system settings ({@code s3.*}: the suite's endpoint, the credentials)
     */
    public record ClusterSpec(Path home, int parallelism, boolean checkpointing, long checkpointInterval, long minPause,
                              Map<String, String> systemProperties, String checkpoints, Map<String, String> fileSystem) {
    }

    /** A running cluster: its REST API, and the child process when it is ours. */
    public record Cluster(FlinkRest rest, EngineProcess process) {

        /** The web dashboard. */
        public URI dashboard() {
            return rest.base();
        }

        public long pid() {
            return process == null ? -1 : process.pid();
        }
    }

    private final Path engineCache;
    private final String heap;
    private final String sessionUrl;
    private final Map<Path, Cluster> running = new ConcurrentHashMap<>();
    private volatile EngineDistribution flink;

    public FlinkClusters(@Value("${overcast.flink.home}") Path home, @Value("${overcast.flink.heap}") String heap,
                         @Value("${overcast.flink.session-url:}") String sessionUrl) {
        this.engineCache = home.resolve("engines");
        this.heap = heap;
        this.sessionUrl = sessionUrl;
    }

    /** Starts the application's cluster (or takes the session cluster) and returns it once its REST API serves. */
    public Cluster start(ClusterSpec spec) {
        if (!sessionUrl.isBlank()) {
            return new Cluster(new FlinkRest(URI.create(sessionUrl)), null);
        }
        try {
            for (String dir : List.of("savepoints", "jars", "tmp", "classpath")) {
                Files.createDirectories(spec.home().resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicReference<String> url = new AtomicReference<>();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // the application's config.properties (where KinesisAnalyticsRuntime finds its properties file)
                "-Xbootclasspath/a:" + spec.home().resolve("classpath")));
        jvm.addAll(OPENS);
        spec.systemProperties().forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        Path home = spec.home();
        List<String> conf = new ArrayList<>(List.of(
                "rest.port=0", "rest.address=localhost",
                "taskmanager.numberOfTaskSlots=" + spec.parallelism(), "parallelism.default=" + spec.parallelism(),
                "state.backend.type=hashmap",
                "web.upload.dir=" + home.resolve("jars"), "io.tmp.dirs=" + home.resolve("tmp"),
                // the application's own jar is loaded parent-first, so that the config.properties above wins over the
                // one the runtime library's jar carries (/etc/flink/...)
                "classloader.resolve-order=parent-first",
                "taskmanager.memory.network.min=32m", "taskmanager.memory.network.max=32m",
                "taskmanager.memory.managed.size=32m",
                "restart-strategy.type=fixed-delay", "restart-strategy.fixed-delay.attempts=3",
                "restart-strategy.fixed-delay.delay=2s"));
        jobConfiguration(spec).forEach((k, v) -> conf.add(k + "=" + v));
        spec.fileSystem().forEach((k, v) -> conf.add(k + "=" + v));
        EngineProcess process = EngineProcess.start(new EngineProcess.Spec("flink", home, distribution(), jvm, conf,
                line -> {
                    int at = line.indexOf("OVERCAST-FLINK-READY ");
                    if (at >= 0) {
                        url.set(line.substring(at + "OVERCAST-FLINK-READY ".length()).trim());
                    }
                    return at >= 0;
                }, Duration.ofMinutes(2), Duration.ofSeconds(20)));
        Cluster cluster = new Cluster(new FlinkRest(URI.create(url.get())), process);
        running.put(home, cluster);
        return cluster;
    }

    /**
     * The application's settings that a job can carry itself (checkpointing, where checkpoints and savepoints go): in
     * its own cluster's configuration, or with the job submitted to a session cluster.
     */
    public Map<String, String> jobConfiguration(ClusterSpec spec) {
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("state.checkpoints.dir", sessionUrl.isBlank() && spec.checkpoints() != null ? spec.checkpoints()
                : spec.home().resolve("checkpoints").toUri().toString());
        conf.put("state.savepoints.dir", spec.home().resolve("savepoints").toUri().toString());
        if (sessionUrl.isBlank()) {
            // a job's checkpoints in S3 outlive it, as AWS keeps them for recovery: a cluster stopped with the service
            // (its job suspended) leaves its latest checkpoint in place; the service removes them when a run ends
            conf.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        }
        if (spec.checkpointing()) {
            conf.put("execution.checkpointing.interval", spec.checkpointInterval() + "ms");
            conf.put("execution.checkpointing.min-pause", spec.minPause() + "ms");
        }
        return conf;
    }

    /** True when applications run on a child JVM each (their checkpoints in the suite's S3). */
    public boolean ownsClusters() {
        return sessionUrl.isBlank();
    }

    /** True when applications run on a child JVM each, whose folders (savepoints…) are this host's. */
    public boolean ownsFolder(Path dir) {
        return sessionUrl.isBlank() && Files.isDirectory(dir);
    }

    /**
     * Stops what a killed predecessor of the service left running as the cluster of the application whose folder is
     * {@code home} (nothing when there is none), so that it writes no further checkpoint.
     */
    public void stopOrphan(Path home) {
        if (ownsClusters()) {
            EngineProcess.stopOrphan("flink", home, Duration.ofSeconds(20));
        }
    }

    /** Stops the application's cluster (its child JVM; a session cluster is left as it is). */
    public void stop(Cluster cluster) {
        if (cluster.process() != null) {
            cluster.process().stop();
            running.values().remove(cluster);
        }
    }

    private synchronized EngineDistribution distribution() {
        if (flink == null) {
            flink = EngineDistribution.locate("flink", engineCache);
        }
        return flink;
    }

    @Override
    public void close() {
        running.values().forEach(c -> c.process().stop());
        running.clear();
    }
}
