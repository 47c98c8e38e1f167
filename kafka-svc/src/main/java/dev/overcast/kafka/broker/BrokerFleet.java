package dev.overcast.kafka.broker;

import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import dev.overcast.common.engine.KafkaEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import dev.overcast.kafka.auth.IamPayloadCheck;
import dev.overcast.kafka.tls.CertificateAuthority;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The clusters' brokers running on this machine: real Apache Kafka brokers in KRaft mode, child JVMs started through
 * common's engine launcher (pid file, log file, readiness line, orphans of a killed predecessor stopped). Broker 1 of
 * a cluster runs the KRaft controller beside its broker; the others are brokers only, started at the same time. Each
 * broker formats its storage in its own JVM on first use and keeps its log under
 * {@code <data-dir>/msk/<cluster id>/broker-<id>}.
 */
@Component
public class BrokerFleet implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BrokerFleet.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(90);
    /** How long the JVM that writes a version's class data archive at exit may take to stop. */
    private static final Duration ARCHIVE_GRACE = Duration.ofSeconds(120);
    /** The folder (under {@code msk/}) of the throwaway cluster that writes a Kafka version's class data archive. */
    private static final String TRAINER = "class-archive-trainer-";

    private final Path root;
    private final Path engineCache;
    private final String listenHost;
    private final String advertisedHost;
    private final String heap;
    private final CertificateAuthority authority;
    private final IamPayloadCheck iam;
    private final ExternalCluster external;
    private final Map<String, Map<Integer, EngineProcess>> running = new ConcurrentHashMap<>();
    /** The Kafka engine each cluster's brokers run, for its class data archive. */
    private final Map<String, EngineDistribution> engines = new ConcurrentHashMap<>();
    /** MSK version → the class data archive being written for it (see {@link #trainClassArchive}). */
    private final Map<String, CompletableFuture<Void>> training = new ConcurrentHashMap<>();

    public BrokerFleet(@Value("${overcast.kafka.data-dir}") Path dataDir,
                       @Value("${overcast.kafka.listen-host}") String listenHost,
                       @Value("${overcast.kafka.advertised-host}") String advertisedHost,
                       @Value("${overcast.kafka.broker-heap}") String heap,
                       CertificateAuthority authority, IamPayloadCheck iam, ExternalCluster external) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("msk");
        this.engineCache = dataDir.toAbsolutePath().normalize().resolve("engines");
        this.listenHost = listenHost;
        this.advertisedHost = advertisedHost;
        this.heap = heap;
        this.authority = authority;
        this.iam = iam;
        this.external = external;
    }

    /** Whether clusters map onto an existing Kafka cluster (external mode) instead of brokers started here. */
    public boolean external() {
        return external.enabled();
    }

    /** The existing cluster's brokers (external mode). */
    public List<org.apache.kafka.common.Node> externalNodes() {
        return external.nodes();
    }

    /**
     * Starts every broker of the cluster that is not running, all side by side (a broker waits for the controller by
     * itself), and returns once every broker answers a metadata request. While the class data archive of the cluster's
     * Kafka version is being written, it first waits for it: brokers started cold beside the trainer would each cost
     * more CPU than the rest of its run.
     */
    public void start(BrokerLayout layout) {
        if (external()) {
            external.attach(layout);
            return;
        }
        CompletableFuture<Void> archive = training.get(layout.kafkaVersion());
        if (archive != null) {
            long waited = System.nanoTime();
            archive.join();
            log.info("Cluster {}: waited {} ms for the class data archive of Kafka {}", layout.clusterId(),
                    (System.nanoTime() - waited) / 1_000_000, layout.kafkaVersion());
        }
        launch(layout);
    }

    private void launch(BrokerLayout layout) {
        long started = System.nanoTime();
        inParallel(layout.brokers().stream().map(b -> (Runnable) () -> startBroker(layout, b)).toList());
        long ready = System.nanoTime();
        awaitMetadata(layout, layout.brokers().size());
        log.info("Cluster {}: every broker JVM started and serving after {} ms, all {} in the cluster's metadata {} ms later",
                layout.clusterId(), (ready - started) / 1_000_000, layout.brokers().size(), (System.nanoTime() - ready) / 1_000_000);
    }

    /**
     * As the service starts (before it restores its clusters), writes the class data archive of the newest Kafka
     * version in the background when there is none this Java can map with these jars (a new data directory, another
     * Java, a new build): a broker JVM writes it only as it exits cleanly, so without it every broker of the first
     * clusters starts cold, at about 1.7 times the CPU. The trainer is a throwaway one-broker cluster (its folder under
     * {@code msk/} removed after), started, asked for its metadata (which loads the service's admin client too) and
     * stopped cleanly; a cluster of that version starting meanwhile waits for it ({@link #start}).
     */
    @Override
    public void afterPropertiesSet() {
        if (external()) {
            return;
        }
        String newest = KafkaVersions.names().getLast();
        int[] ports = IntStream.range(0, 5).map(i -> EmbeddedPostgresServer.freePort()).toArray();
        BrokerLayout trainer = new BrokerLayout(TRAINER + newest, newest,
                List.of(new BrokerLayout.Broker(1, ports[0], ports[1], ports[2], ports[3], ports[4])), Map.of(),
                BrokerLayout.Listeners.PLAINTEXT);
        CompletableFuture<Void> done = new CompletableFuture<>();
        training.put(newest, done); // now: the clusters the service restores once it is up wait for it
        Thread.ofPlatform().name("msk-class-archive").daemon().start(() -> {
            try {
                EngineDistribution kafka = engine(newest); // unpacked on first use: not on the service's start path
                if (!KafkaEngine.hasClassArchive(kafka, engineCache)) {
                    long started = System.nanoTime();
                    delete(trainer.clusterId()); // what a killed predecessor's trainer left
                    launch(trainer);
                    double cpu = cpuSeconds(trainer.clusterId());
                    delete(trainer.clusterId()); // the controller stopped cleanly: the archive is written as it exits
                    log.info("Class data archive of Kafka {} written by a trainer broker in {} ms ({} CPU seconds to start it): {}",
                            kafka.version(), (System.nanoTime() - started) / 1_000_000,
                            String.format(java.util.Locale.ROOT, "%.2f", cpu), KafkaEngine.hasClassArchive(kafka, engineCache));
                }
            } catch (RuntimeException e) {
                log.warn("The trainer broker of Kafka {} failed; clusters start without a class data archive", newest, e);
                delete(trainer.clusterId());
            } finally {
                training.remove(newest, done);
                done.complete(null);
            }
        });
    }

    /**
     * Runs the tasks side by side, a thread each (they mostly wait for a child JVM): not on the common pool, whose few
     * threads (one less than the cores) would start the brokers of a large cluster a few at a time.
     */
    private static void inParallel(List<Runnable> tasks) {
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("msk-broker-start-", 1).daemon().factory())) {
            CompletableFuture.allOf(tasks.stream().map(t -> CompletableFuture.runAsync(t, threads))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Restarts one broker (a reboot, or a roll to new settings or a new version) and waits for the cluster to see it. */
    public void restart(BrokerLayout layout, int brokerId) {
        if (external()) {
            throw new IllegalStateException("In external mode the brokers are not this service's to restart");
        }
        EngineProcess process = brokers(layout.clusterId()).remove(brokerId);
        if (process != null) {
            process.stop();
        }
        BrokerLayout.Broker broker = layout.brokers().stream().filter(b -> b.id() == brokerId).findFirst().orElseThrow();
        startBroker(layout, broker);
        awaitMetadata(layout, layout.brokers().size());
    }

    /** Restarts the brokers one at a time, each with the layout's settings, the cluster serving throughout. */
    public void roll(BrokerLayout layout) {
        if (external()) {
            external.reconfigure(layout); // the settings applied at runtime: nothing to restart
            return;
        }
        for (BrokerLayout.Broker broker : layout.brokers()) {
            restart(layout, broker.id());
        }
    }

    private void startBroker(BrokerLayout layout, BrokerLayout.Broker broker) {
        if (isRunning(layout.clusterId(), broker.id())) {
            return;
        }
        Prepared p = prepare(layout, broker);
        EngineProcess process = KafkaEngine.startBroker("broker", p.dir(), p.kafka(), p.jvm(), p.config(), p.logs(),
                kafkaClusterId(layout.clusterId()), engineCache);
        brokers(layout.clusterId()).put(broker.id(), process);
        engines.put(layout.clusterId(), p.kafka());
    }

    /** A broker ready to start: its folder, its settings written (its storage is formatted by its own JVM). */
    private record Prepared(Path dir, EngineDistribution kafka, List<String> jvm, Path config, Path logs) {
    }

    /** Writes the broker's settings (its server.properties at each start). */
    private Prepared prepare(BrokerLayout layout, BrokerLayout.Broker broker) {
        EngineDistribution kafka = engine(layout.kafkaVersion());
        Path dir = brokerDir(layout.clusterId(), broker.id());
        Path logs = dir.resolve("logs");
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(engineCache);
            Files.writeString(config, ServerProperties.of(layout, broker, listenHost, advertisedHost, logs.toString(),
                    security(layout.listeners())));
            KafkaEngine.writeLogSettings(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the settings of broker " + broker.id() + " in " + dir, e);
        }
        return new Prepared(dir, kafka, KafkaEngine.jvmOptions(dir, heap), config, logs);
    }

    /** The jars of an MSK version (unpacked under the data directory's {@code engines/} when packed in a jar). */
    private EngineDistribution engine(String kafkaVersion) {
        String engine = KafkaVersions.engine(kafkaVersion)
                .orElseThrow(() -> new IllegalStateException("No engine for Kafka " + kafkaVersion));
        return EngineDistribution.locate(engine, engineCache);
    }

    /** The keystore of the TLS listeners (signed by the suite's CA) and the IAM payload check, when the brokers need them. */
    private BrokerSecurity security(BrokerLayout.Listeners listeners) {
        if (!listeners.anyTls()) {
            return new BrokerSecurity(null, null, null);
        }
        CertificateAuthority.Keystore keystore = authority.brokerKeystore(root.resolve("tls"), List.of(listenHost, advertisedHost));
        return new BrokerSecurity(keystore.path(), keystore.password(), iam.url());
    }

    /** Waits until the cluster's metadata lists {@code expected} brokers. */
    private void awaitMetadata(BrokerLayout layout, int expected) {
        long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
        RuntimeException last = null;
        try (Admin admin = admin(layout)) {
            while (System.nanoTime() < deadline) {
                try {
                    int seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
                    if (seen >= expected) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("The brokers of cluster " + layout.clusterId() + " did not all answer a metadata"
                + " request within " + METADATA_TIMEOUT, last);
    }

    /** An admin client on the cluster's plaintext listeners (the caller closes it). */
    public Admin admin(BrokerLayout layout) {
        if (external()) {
            return external.admin();
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.brokers().stream().map(b -> listenHost + ":" + b.port())
                .collect(Collectors.joining(",")));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    /** The bootstrap string a client uses: {@code host:port,…} of the plaintext or the SASL/SCRAM listeners. */
    public String bootstrap(BrokerLayout layout, boolean scram) {
        return bootstrap(layout, scram ? BrokerLayout.Listener.SASL_SCRAM : BrokerLayout.Listener.PLAINTEXT);
    }

    /** The bootstrap string of one client listener: {@code host:port,…} of every broker. */
    public String bootstrap(BrokerLayout layout, BrokerLayout.Listener listener) {
        if (external()) {
            return external.bootstrap();
        }
        return layout.brokers().stream().map(b -> advertisedHost + ":" + listener.port(b)).collect(Collectors.joining(","));
    }

    public String advertisedHost() {
        return advertisedHost;
    }

    public boolean isRunning(String clusterId, int brokerId) {
        EngineProcess p = brokers(clusterId).get(brokerId);
        return p != null && p.isAlive();
    }

    /** The CPU seconds (user and system) the cluster's running brokers have used so far, for the start-up log. */
    public double cpuSeconds(String clusterId) {
        return brokers(clusterId).values().stream().mapToDouble(p -> dev.overcast.common.engine.Processes.cpuSeconds(p.pid())).sum();
    }

    /** The pid of a running broker, or -1. */
    public long pid(String clusterId, int brokerId) {
        EngineProcess p = brokers(clusterId).get(brokerId);
        return p == null ? -1 : p.pid();
    }

    /** Stops the cluster's brokers: the brokers first, then the controller, so that each shuts down cleanly. */
    public void stop(String clusterId) {
        Map<Integer, EngineProcess> brokers = running.remove(clusterId);
        engines.remove(clusterId);
        if (brokers == null) {
            return;
        }
        List<Map.Entry<Integer, EngineProcess>> order = new ArrayList<>(brokers.entrySet());
        order.sort(Map.Entry.<Integer, EngineProcess>comparingByKey().reversed());
        List<CompletableFuture<Void>> others = order.stream().filter(e -> e.getKey() != 1)
                .map(e -> CompletableFuture.runAsync(e.getValue()::stop)).toList();
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
        EngineProcess controller = brokers.get(1);
        if (controller != null) {
            controller.stop();
        }
    }

    /**
     * Stops the cluster's brokers and removes their data: the brokers are killed at once, since nothing they would
     * save on a clean stop is kept; only while their Kafka version has no class data archive yet, the controller is
     * stopped cleanly, so that its JVM writes the archive as it exits.
     */
    public void delete(String clusterId) {
        Map<Integer, EngineProcess> brokers = running.remove(clusterId);
        EngineDistribution kafka = engines.remove(clusterId);
        if (brokers != null) {
            EngineProcess archiver = kafka != null && !KafkaEngine.hasClassArchive(kafka, engineCache) ? brokers.get(1) : null;
            if (archiver != null) {
                // first, while the other brokers still answer its controlled shutdown; writing the archive takes a while
                dev.overcast.common.engine.Processes.stop(archiver.pid(), ARCHIVE_GRACE);
                archiver.stop();
            }
            brokers.values().stream().filter(p -> p != archiver).forEach(p -> {
                dev.overcast.common.engine.Processes.stop(p.pid(), Duration.ZERO);
                p.stop();
            });
        }
        Path dir = root.resolve(clusterId);
        if (!Files.exists(dir)) {
            return;
        }
        stopOrphansIn(clusterId); // brokers orphaned by a kill -9 of the service while the cluster was being deleted
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not remove the data of cluster {} in {}", clusterId, dir, e);
        }
    }

    /** Stops every broker orphaned by a killed predecessor under this cluster's folders (without starting any). */
    public void stopOrphans(String clusterId, List<Integer> brokerIds) {
        for (int id : brokerIds) {
            Path pidFile = brokerDir(clusterId, id).resolve("broker.pid");
            if (Files.exists(pidFile)) {
                // the launcher stops an orphan when it starts the engine on the same home; a cluster not started again
                // (deleted meanwhile) still has its orphan stopped here
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    String marker = "-Dovercast.engine=broker@" + brokerDir(clusterId, id);
                    if (dev.overcast.common.engine.Processes.isRunning(pid)
                            && dev.overcast.common.engine.Processes.commandLine(pid).contains(marker)) {
                        dev.overcast.common.engine.Processes.stop(pid, Duration.ofSeconds(30));
                    }
                    Files.deleteIfExists(pidFile);
                } catch (IOException | NumberFormatException e) {
                    log.warn("Could not read {}", pidFile, e);
                }
            }
        }
    }

    /**
     * Stops the brokers a killed predecessor left running for clusters no longer recorded (deleted while the service
     * was down or killed): their folders are left as they are.
     */
    public void stopStrays(java.util.Set<String> knownClusterIds) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> clusters = Files.list(root)) {
            // a trainer's folder is its own to clean (it may be running now)
            clusters.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(id -> !knownClusterIds.contains(id) && !id.startsWith(TRAINER)).forEach(this::stopOrphansIn);
        } catch (IOException e) {
            log.warn("Could not look for orphaned brokers under {}", root, e);
        }
    }

    /** Stops the orphans of every broker folder of a cluster. */
    private void stopOrphansIn(String clusterId) {
        Path dir = root.resolve(clusterId);
        try (Stream<Path> brokerDirs = Files.list(dir)) {
            stopOrphans(clusterId, brokerDirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("broker-\\d+"))
                    .map(n -> Integer.parseInt(n.substring("broker-".length()))).toList());
        } catch (IOException e) {
            log.warn("Could not look for orphaned brokers of cluster {} in {}", clusterId, dir, e);
        }
    }

    private Path brokerDir(String clusterId, int brokerId) {
        return root.resolve(clusterId).resolve("broker-" + brokerId);
    }

    private Map<Integer, EngineProcess> brokers(String clusterId) {
        return running.computeIfAbsent(clusterId, k -> new ConcurrentHashMap<>());
    }

    /** The KRaft cluster id of a cluster: its uuid's 16 bytes in unpadded URL-safe base64, as Kafka writes them. */
    static String kafkaClusterId(String clusterId) {
        return KafkaEngine.clusterId(UUID.nameUUIDFromBytes(clusterId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every broker this service started (the service's shutdown): clusters come back at the next start. */
    @Override
    public void destroy() {
        // a trainer broker still starting is not among the running ones yet: it stops itself once it serves
        training.values().forEach(t -> {
            try {
                t.get(ARCHIVE_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("The trainer broker writing a class data archive did not finish: {}", e.toString());
            }
        });
        List<CompletableFuture<Void>> stops = running.keySet().stream()
                .map(id -> CompletableFuture.runAsync(() -> stop(id))).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }
}
