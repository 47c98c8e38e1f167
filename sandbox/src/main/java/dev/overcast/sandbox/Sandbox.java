package dev.overcast.sandbox;

import dev.overcast.common.bus.BusBroker;
import dev.overcast.common.config.OvercastDataSourceAutoConfiguration;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.dynamodb.DynamoDbApplication;
import dev.overcast.flink.FlinkApplication;
import dev.overcast.firehose.FirehoseApplication;
import dev.overcast.gateway.GatewayApplication;
import dev.overcast.glue.GlueApplication;
import dev.overcast.kafka.KafkaApplication;
import dev.overcast.kinesis.KinesisApplication;
import dev.overcast.s3.S3Application;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite in one JVM: an embedded PostgreSQL on a data directory, each service in its own Spring
 * context on its own port (services talk only over HTTP, as when deployed), then the gateway; beside them, as a child
 * JVM, the bus's Kafka broker under the data directory's {@code kafka/}.
 */
public final class Sandbox implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

    /**
     * An AWS service of the suite: its name (also its gateway route and its schema), the variable of its own port and
     * that port's default, how to build it.
     */
    record ServiceSpec(String name, String portVariable, int defaultPort, Supplier<SpringApplicationBuilder> application) {
    }

    /** Every service the sandbox runs, in the order they are listed to users. A new service adds its line here. */
    static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("s3", "OVERCAST_S3_PORT", 4572, S3Application::builder),
            new ServiceSpec("dynamodb", "OVERCAST_DYNAMODB_PORT", 4569, DynamoDbApplication::builder),
            new ServiceSpec("kinesis", "OVERCAST_KINESIS_PORT", 4568, KinesisApplication::builder),
            new ServiceSpec("kafka", "OVERCAST_KAFKA_PORT", 4574, KafkaApplication::builder),
            new ServiceSpec("glue", "OVERCAST_GLUE_PORT", 4576, GlueApplication::builder),
            new ServiceSpec("flink", "OVERCAST_FLINK_PORT", 4575, FlinkApplication::builder),
            new ServiceSpec("firehose", "OVERCAST_FIREHOSE_PORT", 4573, FirehoseApplication::builder));

    /** A service as this start runs it: its port fixed now (0 asked: a free port chosen now). */
    private record Service(String name, Supplier<SpringApplicationBuilder> application, int port) {
    }

    private final CompletableFuture<EmbeddedPostgresServer> postgres;
    private final CompletableFuture<BusBroker> bus;
    private final String busBootstrap;
    private final ConfigurableApplicationContext gateway;
    private final List<CompletableFuture<ConfigurableApplicationContext>> services;
    private final int gatewayPort;
    private final Map<String, Integer> servicePorts;

    private Sandbox(CompletableFuture<EmbeddedPostgresServer> postgres, CompletableFuture<BusBroker> bus, String busBootstrap,
                    ConfigurableApplicationContext gateway, List<CompletableFuture<ConfigurableApplicationContext>> services,
                    int gatewayPort, Map<String, Integer> servicePorts) {
        this.postgres = postgres;
        this.bus = bus;
        this.busBootstrap = busBootstrap;
        this.gateway = gateway;
        this.services = services;
        this.gatewayPort = gatewayPort;
        this.servicePorts = servicePorts;
    }

    /** The services; a port of 0 becomes a free port chosen now, so the gateway can start beside them. */
    private static List<Service> services(SandboxOptions options) {
        return SERVICES.stream()
                .map(s -> new Service(s.name(), s.application(), portOrFree(options.servicePort(s.name()))))
                .toList();
    }

    /**
     * What a service needs to reach the others, the way a user would (their AWS API on their port): each service gets
     * {@code overcast.<service>.<other>-url} for every other service (DynamoDB's Kinesis destinations read
     * {@code overcast.dynamodb.kinesis-url}; a service that reaches S3 reads {@code overcast.<service>.s3-url}), the
     * same property its own defaults take from {@code OVERCAST_<OTHER>_URL} when deployed.
     */
    private static Map<String, Object> wiring(Service service, List<Service> services) {
        Map<String, Object> urls = new LinkedHashMap<>();
        for (Service other : services) {
            if (!other.name().equals(service.name())) {
                urls.put("overcast." + service.name() + "." + other.name() + "-url", "http://127.0.0.1:" + other.port());
            }
        }
        return urls;
    }

    private static int portOrFree(int port) {
        return port > 0 ? port : EmbeddedPostgresServer.freePort();
    }

    public static void main(String[] args) {
        Sandbox sandbox = startInBackground(SandboxOptions.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "overcast-shutdown"));
        System.out.printf(Locale.ROOT, "Overcast ready in %.2f s (%.2f s of CPU): endpoint http://localhost:%d%s%n",
                sinceJvmStart(), cpuSeconds(), sandbox.gatewayPort(), sandbox.busBootstrap() == null ? "" : ", bus " + sandbox.busBootstrap());
        try {
            sandbox.awaitServices();
        } catch (RuntimeException e) {
            System.err.println("Overcast could not start a service: " + e.getMessage());
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "Overcast: all %d services up in %.2f s%n", sandbox.servicePorts.size(), sinceJvmStart());
        if (Boolean.getBoolean("overcast.exit-when-ready")) {
            // a training run for the JVM's AOT cache (see ./overcast): start everything, then stop cleanly
            System.exit(0);
        }
    }

    private static double sinceJvmStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    /** The CPU time this JVM has used, every thread: what a start costs, whatever else the machine is doing. */
    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }

    /**
     * One logging set-up for the JVM (logback.xml), not one per Spring context: the contexts start in parallel, and
     * each resetting the one Logback context under the others fails their start (ConcurrentModificationException).
     * Idempotent; done by every start, whoever calls it (main, tests, an embedding program).
     */
    private static synchronized void configureJvm() {
        if ("none".equals(System.getProperty("org.springframework.boot.logging.LoggingSystem"))) {
            return;
        }
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.setProperty("spring.backgroundpreinitializer.ignore", "true");
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    /** Starts the whole suite and returns once every service is up (tests, embedding programs). */
    public static Sandbox start(SandboxOptions options) {
        Sandbox sandbox = startInBackground(options);
        try {
            sandbox.awaitServices();
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /**
     * Starts the gateway and PostgreSQL at once and returns as soon as the gateway answers: then the bus broker and
     * each service's Spring context on its port fixed now (their pools wait for the database, their relays for the
     * broker) go on starting. A request the gateway takes for a service still starting waits
     * there until the service is up ({@link LocalEndpoints#expect}), so a client may begin at once; a service's own
     * port opens when that service has started. {@link #awaitServices} waits for all of them.
     */
    public static Sandbox startInBackground(SandboxOptions options) {
        configureJvm();
        List<Service> services = services(options);
        ExecutorService starter = Executors.newFixedThreadPool(services.size() + 3, r -> {
            Thread t = new Thread(r, "overcast-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<EmbeddedPostgresServer> postgres = CompletableFuture.completedFuture(null);
        CompletableFuture<BusBroker> bus = CompletableFuture.completedFuture(null);
        List<CompletableFuture<ConfigurableApplicationContext>> started = new ArrayList<>();
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        CompletableFuture<ConfigurableApplicationContext> gateway = null;
        String busBootstrap = options.busBootstrap();
        try {
            // the bus broker on a port fixed now, started once the gateway answers (a JVM of its own, it would take a
            // core from the gateway): the services' relays wait for it
            Map<String, Object> db = new LinkedHashMap<>();
            int busPort = -1;
            if (busBootstrap == null && options.busPort() >= 0) {
                busPort = portOrFree(options.busPort());
                busBootstrap = "127.0.0.1:" + busPort;
            }
            if (busBootstrap != null) {
                db.put("overcast.bus.bootstrap", busBootstrap);
            }
            java.util.function.Function<String, String> jdbcUrl;
            if (options.databaseUrl() != null) {
                jdbcUrl = schema -> OvercastDataSourceAutoConfiguration.withSchema(options.databaseUrl(), schema);
                db.put("spring.datasource.username", options.databaseUser());
                db.put("spring.datasource.password", options.databasePassword());
            } else {
                int pgPort = EmbeddedPostgresServer.freePort();
                Path pgData = options.dataDirectory().resolve("postgres");
                postgres = CompletableFuture.supplyAsync(() -> timed("PostgreSQL", () -> EmbeddedPostgresServer.start(pgData, pgPort).superviseRestarts()), starter);
                jdbcUrl = schema -> EmbeddedPostgresServer.jdbcUrl(pgPort, schema);
            }
            // the gateway first, with the machine to itself but for PostgreSQL: it is what a client meets, and it needs
            // only the services' ports, fixed now; the services and the bus broker start once it answers (a request for
            // a service still starting waits for it)
            services.forEach(service -> servicePorts.put(service.name(), service.port()));
            Map<String, Object> gatewayProps = new LinkedHashMap<>(common(options));
            // a free port chosen like the others, not one the kernel picks at bind: that could be a service's, chosen but not bound yet
            gatewayProps.put("server.port", portOrFree(options.gatewayPort()));
            servicePorts.forEach((name, port) -> gatewayProps.put("overcast.gateway.services." + name + ".url", "http://127.0.0.1:" + port));
            services.forEach(service -> LocalEndpoints.expect(service.port()));
            gateway = CompletableFuture.supplyAsync(() -> timed("gateway", () -> GatewayApplication.builder()
                    .properties(gatewayProps).run()), starter);
            if (busPort >= 0) {
                int port = busPort;
                Path data = options.dataDirectory();
                bus = gateway.thenApplyAsync(up -> timed("bus broker", () ->
                        BusBroker.start(data.resolve("kafka"), port, data.resolve("engines"))), starter);
            }
            for (Service service : services) {
                Map<String, Object> props = new LinkedHashMap<>(common(options));
                props.putAll(db);
                props.put("spring.datasource.url", jdbcUrl.apply(service.name()));
                props.put("server.port", service.port());
                props.putAll(wiring(service, services));
                // the gateway holds a request for this service until it is up (or its start failed)
                CompletableFuture<ConfigurableApplicationContext> context = gateway.thenApplyAsync(
                        up -> timed(service.name(), () -> service.application().get().properties(props).run()), starter);
                context.whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LocalEndpoints.failed(service.port(), failure);
                    }
                });
                started.add(context);
            }
            ConfigurableApplicationContext gatewayContext = gateway.join();
            List<CompletableFuture<?>> all = new ArrayList<>(started);
            all.add(postgres);
            all.add(bus);
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> starter.shutdown());
            return new Sandbox(postgres, bus, busBootstrap, gatewayContext, started, port(gatewayContext), servicePorts);
        } catch (CompletionException | CancellationException e) {
            new Sandbox(postgres, bus, null, null, started, 0, servicePorts).close();
            if (gateway != null && gateway.isDone() && !gateway.isCompletedExceptionally()) {
                gateway.join().close();
            }
            starter.shutdown();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Waits until PostgreSQL, the bus broker and every service are up; throws what made one fail to start. */
    public Sandbox awaitServices() {
        List<CompletableFuture<?>> all = new ArrayList<>(services);
        all.add(postgres);
        all.add(bus);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException | CancellationException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return this;
    }

    private static <T> T timed(String what, java.util.function.Supplier<T> start) {
        long t0 = System.nanoTime();
        T started = start.get();
        log.info("{} started in {} ms", what, (System.nanoTime() - t0) / 1_000_000);
        return started;
    }

    private static Map<String, Object> common(SandboxOptions options) {
        Map<String, Object> props = new LinkedHashMap<>(options.extra());
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", "false");
        props.put("overcast.data-dir", options.dataDirectory().toString());
        return props;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    /** A service's own port (its name as in {@link #SERVICES}). */
    public int servicePort(String service) {
        Integer port = servicePorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service " + service + " in this sandbox");
        }
        return port;
    }

    public int s3Port() {
        return servicePort("s3");
    }

    public int dynamodbPort() {
        return servicePort("dynamodb");
    }

    public int kinesisPort() {
        return servicePort("kinesis");
    }

    /** The bus's bootstrap servers (the sandbox's broker or an external Kafka), or null without a bus. */
    public String busBootstrap() {
        return busBootstrap;
    }

    /** The sandbox's own bus broker, or null (no bus, or an external one). */
    public BusBroker busBroker() {
        return bus.join();
    }

    public String endpoint() {
        return "http://localhost:" + gatewayPort;
    }

    /**
     * Stops everything, services in reverse order, then the gateway, the broker and the database; a service still
     * starting is stopped once its start is over.
     */
    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            closeQuietly(services.get(i));
        }
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException ignored) {
                // keep closing the rest
            }
        }
        closeQuietly(bus);
        closeQuietly(postgres);
    }

    private static void closeQuietly(CompletableFuture<? extends AutoCloseable> started) {
        try {
            AutoCloseable closeable = started.join();
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // it failed to start, or to stop: keep closing the rest
        }
    }
}
