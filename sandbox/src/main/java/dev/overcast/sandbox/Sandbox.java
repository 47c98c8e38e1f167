package dev.overcast.sandbox;

import dev.overcast.common.config.OvercastDataSourceAutoConfiguration;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.dynamodb.DynamoDbApplication;
import dev.overcast.gateway.GatewayApplication;
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
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite in one JVM: an embedded PostgreSQL on a data directory, each service in its own Spring
 * context on its own port (services talk only over HTTP, as when deployed), then the gateway.
 */
public final class Sandbox implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

    /** An AWS service of the suite: its name (also its gateway route and schema), how to build it, its port. */
    private record Service(String name, Supplier<SpringApplicationBuilder> application, int port) {
    }

    private final EmbeddedPostgresServer postgres;
    private final List<ConfigurableApplicationContext> contexts;
    private final int gatewayPort;
    private final Map<String, Integer> servicePorts;

    private Sandbox(EmbeddedPostgresServer postgres, List<ConfigurableApplicationContext> contexts, int gatewayPort,
                    Map<String, Integer> servicePorts) {
        this.postgres = postgres;
        this.contexts = contexts;
        this.gatewayPort = gatewayPort;
        this.servicePorts = servicePorts;
    }

    /** The services; a port of 0 becomes a free port chosen now, so the gateway can start beside them. */
    private static List<Service> services(SandboxOptions options) {
        return List.of(
                new Service("s3", S3Application::builder, portOrFree(options.s3Port())),
                new Service("dynamodb", DynamoDbApplication::builder, portOrFree(options.dynamodbPort())),
                new Service("kinesis", KinesisApplication::builder, portOrFree(options.kinesisPort())));
    }

    /**
     * What a service needs to reach the others, the way a user would (their AWS API on their port): DynamoDB delivers
     * to Kinesis streaming destinations through the Kinesis service.
     */
    private static Map<String, Object> wiring(Service service, List<Service> services) {
        if (!service.name().equals("dynamodb")) {
            return Map.of();
        }
        return services.stream().filter(s -> s.name().equals("kinesis")).findFirst()
                .<Map<String, Object>>map(k -> Map.of("overcast.dynamodb.kinesis-url", "http://127.0.0.1:" + k.port()))
                .orElse(Map.of());
    }

    private static int portOrFree(int port) {
        return port > 0 ? port : EmbeddedPostgresServer.freePort();
    }

    public static void main(String[] args) {
        Sandbox sandbox = start(SandboxOptions.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "overcast-shutdown"));
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        System.out.printf(Locale.ROOT, "Overcast ready in %.2f s: endpoint http://localhost:%d%n", seconds, sandbox.gatewayPort());
        if (Boolean.getBoolean("overcast.exit-when-ready")) {
            // a training run for the JVM's AOT cache (see ./overcast): start everything, then stop cleanly
            System.exit(0);
        }
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

    /**
     * Starts PostgreSQL and the services at once: the database comes up on a port chosen beforehand while the
     * Spring contexts initialise (their pools wait for it), and the gateway starts beside the services when their
     * ports are fixed (it needs only their addresses).
     */
    public static Sandbox start(SandboxOptions options) {
        configureJvm();
        List<Service> services = services(options);
        ExecutorService starter = Executors.newFixedThreadPool(services.size() + 2, r -> {
            Thread t = new Thread(r, "overcast-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<EmbeddedPostgresServer> postgres = CompletableFuture.completedFuture(null);
        List<CompletableFuture<ConfigurableApplicationContext>> started = new ArrayList<>();
        try {
            Map<String, Object> db = new LinkedHashMap<>();
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
            Map<String, CompletableFuture<Integer>> ports = new LinkedHashMap<>();
            for (Service service : services) {
                Map<String, Object> props = new LinkedHashMap<>(common(options));
                props.putAll(db);
                props.put("spring.datasource.url", jdbcUrl.apply(service.name()));
                props.put("server.port", service.port());
                props.putAll(wiring(service, services));
                CompletableFuture<ConfigurableApplicationContext> context = CompletableFuture.supplyAsync(
                        () -> timed(service.name(), () -> service.application().get().properties(props).run()), starter);
                started.add(context);
                ports.put(service.name(), service.port() > 0
                        ? CompletableFuture.completedFuture(service.port()) : context.thenApply(Sandbox::port));
            }
            CompletableFuture<ConfigurableApplicationContext> gateway = CompletableFuture
                    .allOf(ports.values().toArray(CompletableFuture[]::new))
                    .thenApplyAsync(ignored -> {
                        Map<String, Object> gatewayProps = new LinkedHashMap<>(common(options));
                        gatewayProps.put("server.port", options.gatewayPort());
                        ports.forEach((name, port) ->
                                gatewayProps.put("overcast.gateway.services." + name + ".url", "http://127.0.0.1:" + port.join()));
                        return timed("gateway", () -> new SpringApplicationBuilder(GatewayApplication.class)
                                .web(WebApplicationType.SERVLET).properties(gatewayProps).run());
                    }, starter);
            started.add(gateway);

            List<CompletableFuture<?>> all = new ArrayList<>(started);
            all.add(postgres);
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            started.forEach(f -> contexts.add(f.join()));
            Map<String, Integer> servicePorts = new LinkedHashMap<>();
            ports.forEach((name, port) -> servicePorts.put(name, port.join()));
            return new Sandbox(postgres.join(), contexts, port(gateway.join()), servicePorts);
        } catch (CompletionException | CancellationException e) {
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            for (CompletableFuture<ConfigurableApplicationContext> f : started) {
                try {
                    contexts.add(f.join());
                } catch (RuntimeException ignored) {
                    // this one failed to start
                }
            }
            EmbeddedPostgresServer pg = null;
            try {
                pg = postgres.join();
            } catch (RuntimeException ignored) {
                // the database itself failed
            }
            new Sandbox(pg, contexts, 0, Map.of()).close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            starter.shutdown();
        }
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

    public int s3Port() {
        return servicePorts.get("s3");
    }

    public int dynamodbPort() {
        return servicePorts.get("dynamodb");
    }

    public int kinesisPort() {
        return servicePorts.get("kinesis");
    }

    public String endpoint() {
        return "http://localhost:" + gatewayPort;
    }

    @Override
    public synchronized void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException ignored) {
                // keep closing the rest
            }
        }
        contexts.clear();
        if (postgres != null) {
            postgres.close();
        }
    }
}
