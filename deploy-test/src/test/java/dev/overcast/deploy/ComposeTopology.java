package dev.overcast.deploy;

import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compose topology as separate processes on this machine, without Docker: an embedded PostgreSQL in the role of
 * the {@code postgres} service (its database and user made as the official image makes them), and each Overcast
 * container as its module's exec jar started by the image's own entry point ({@code docker/run.sh}, beside the jar
 * as in {@code /opt/overcast}) with exactly the environment the image and compose give it: compose host names
 * mapped to 127.0.0.1, and each container port to a free port.
 */
final class ComposeTopology implements AutoCloseable {

    /** A started container: its compose service, the process (the JVM: run.sh execs it) and its port. */
    record App(String name, String module, Process process, int port, Path log) {

        URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** Resident set size of the JVM now, in KiB. */
        long rssKib() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return -1;
        }
    }

    private static final Pattern IMAGE_ENV = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"([^\"]*)\"|(\\S+))");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final ComposeFile compose;
    private final Path work;
    private final EmbeddedPostgresServer postgres;
    /** "host:containerPort" of compose → the port on 127.0.0.1 standing in for it. */
    private final Map<String, Integer> hostPorts = new LinkedHashMap<>();
    private final List<App> apps = new ArrayList<>();

    ComposeTopology() throws Exception {
        this.compose = ComposeFile.load(ComposeFileTest.COMPOSE, Map.of());
        this.work = Files.createTempDirectory("overcast-compose");
        this.postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        hostPorts.put("postgres:5432", postgres.port());
        // the bus: nothing listens yet (no application reads OVERCAST_BUS_BOOTSTRAP before the bus lands)
        hostPorts.put("kafka:9092", EmbeddedPostgresServer.freePort());
        ComposeFileTest.overcastModules(compose).forEach((name, module) ->
                hostPorts.put(name + ":" + Repository.portSetting(module).getValue(), EmbeddedPostgresServer.freePort()));
        initDatabase(compose.environment("postgres"));
    }

    /** What the official postgres image does on first start with POSTGRES_USER/PASSWORD/DB. */
    private void initDatabase(Map<String, String> env) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(null)); Statement s = c.createStatement()) {
            s.execute("create role \"" + env.get("POSTGRES_USER") + "\" login superuser password '"
                    + env.get("POSTGRES_PASSWORD").replace("'", "''") + "'");
            s.execute("create database \"" + env.get("POSTGRES_DB") + "\" owner \"" + env.get("POSTGRES_USER") + "\"");
        }
    }

    /** The port standing in for a compose service's container port. */
    int hostPort(String service) {
        String module = ComposeFileTest.overcastModules(compose).get(service);
        return hostPorts.get(service + ":" + Repository.portSetting(module).getValue());
    }

    /**
     * Starts a compose service's container as a process: on its mapped port ({@code replica} 1), or another replica
     * on a free port; {@code overrides} replace compose's values (none for the topology as written).
     */
    App start(String service, int replica, Map<String, String> overrides) throws IOException {
        String module = ComposeFileTest.overcastModules(compose).get(service);
        Map.Entry<String, Integer> portSetting = Repository.portSetting(module);
        int port = replica == 1 ? hostPort(service) : EmbeddedPostgresServer.freePort();
        String name = replica == 1 ? service : service + "-" + replica;

        Map<String, String> env = new LinkedHashMap<>(imageEnvironment());
        env.put("OVERCAST_DATA_DIR", work.resolve("data-" + name).toString()); // the image's path, here
        compose.environment(service).forEach((k, v) -> env.put(k, mapHosts(v)));
        env.put(portSetting.getKey(), Integer.toString(port));
        env.putAll(overrides);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", System.getenv("PATH"));

        // the image's /opt/overcast: the entry point beside the jar, laid out once per module (its replicas share it)
        Path home = work.resolve("opt-" + module);
        if (!Files.exists(home)) {
            Files.createDirectories(home);
            Files.copy(Repository.file("docker/run.sh"), home.resolve("run.sh"));
            Files.createSymbolicLink(home.resolve("app.jar"), Repository.execJar(module));
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("run.sh").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        App app = new App(name, module, builder.start(), port, log);
        apps.add(app);
        return app;
    }

    /** Waits until the app answers its compose healthcheck. */
    void awaitHealthy(App app, Duration timeout) throws Exception {
        List<String> check = compose.healthcheck(app.name().replaceFirst("-\\d+$", ""));
        URI probe = URI.create(check.stream().filter(a -> a.startsWith("http://")).findFirst().orElseThrow());
        URI target = app.uri().resolve(probe.getRawPath());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!app.process().isAlive()) {
                throw new IllegalStateException(app.name() + " exited (" + app.process().exitValue() + "):\n" + logTail(app));
            }
            if (get(target) == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app.name() + " not healthy at " + target + " within " + timeout + ":\n" + logTail(app));
            }
            Thread.sleep(250);
        }
    }

    static int get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    List<App> apps() {
        return apps;
    }

    /** The image's ENV instruction (Dockerfile), as the container starts with it. */
    static Map<String, String> imageEnvironment() throws IOException {
        String dockerfile = Files.readString(Repository.file("Dockerfile")).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("ENV ")) {
                Matcher m = IMAGE_ENV.matcher(line.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
                }
            }
        }
        return env;
    }

    private String mapHosts(String value) {
        String mapped = value;
        for (Map.Entry<String, Integer> e : hostPorts.entrySet()) {
            mapped = mapped.replace(e.getKey(), "127.0.0.1:" + e.getValue());
        }
        return mapped;
    }

    private static String logTail(App app) {
        try {
            List<String> lines = Files.readAllLines(app.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops every process as {@code docker stop} does (SIGTERM, then a kill after a grace period), then PostgreSQL. */
    @Override
    public void close() {
        apps.forEach(a -> a.process().destroy());
        for (App app : apps) {
            try {
                if (!app.process().waitFor(20, TimeUnit.SECONDS)) {
                    app.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        postgres.close();
        try {
            TestDatabase.deleteRecursively(work);
        } catch (UncheckedIOException e) {
            // best effort: a temp directory
        }
    }
}
