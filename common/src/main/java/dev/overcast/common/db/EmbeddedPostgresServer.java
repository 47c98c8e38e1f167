package dev.overcast.common.db;

import dev.overcast.common.engine.Processes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (binaries from Maven Central) running as a child process on a data directory that survives
 * restarts. Commits are durable: {@code fsync} and {@code synchronous_commit} are on.
 *
 * <p>After a kill -9 of the JVM that started it, the postmaster of the previous run may still be running on the
 * data directory: it is stopped cleanly first (PostgreSQL's own crash recovery replays the WAL where needed).
 * Nothing is ever deleted to get going.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static EmbeddedPostgresServer shared;

    private final Path dataDirectory;
    private final int port;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closed;
    private Thread supervisor;

    private EmbeddedPostgresServer(Path dataDirectory, int port) throws IOException {
        this.dataDirectory = dataDirectory;
        this.postgres = launch(dataDirectory, port);
        this.port = postgres.getPort();
    }

    /** Starts PostgreSQL on the data directory (created and initialised if empty) on the given port, 0 for any. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Path dir = dataDirectory.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            stopOrphanedPostmaster(dir);
            return new EmbeddedPostgresServer(dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL on " + dataDirectory, e);
        }
    }

    private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // no replica reads its WAL: a table created in a transaction (an S3 blob's own) is then written
                // once, its file synced at commit, instead of twice (WAL and heap)
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("listen_addresses", "127.0.0.1");
        Path logFile = dir.resolveSibling(dir.getFileName() + ".log");
        builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * Watches the server from now on and starts it again, on the same directory and port, whenever it dies under
     * the running JVM (killed, out of memory): PostgreSQL's crash recovery replays the WAL, and the services' pools,
     * which drop dead connections, reconnect to the same address. Requests meanwhile fail fast as unavailable.
     */
    public synchronized EmbeddedPostgresServer superviseRestarts() {
        if (supervisor == null) {
            supervisor = new Thread(this::supervise, "postgres-supervisor");
            supervisor.setDaemon(true);
            supervisor.start();
        }
        return this;
    }

    private void supervise() {
        while (!closed) {
            sleep(500);
            if (closed || postmasterAlive() || shuttingDown()) {
                continue; // (on the JVM's way out, its shutdown hook stops the server: nothing to bring back)
            }
            log.warn("The embedded PostgreSQL on {} died; starting it again (crash recovery replays its WAL)", dataDirectory);
            try {
                restart();
                log.warn("The embedded PostgreSQL on {} is back on port {}", dataDirectory, port);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not start the embedded PostgreSQL again yet: {}", e.toString());
                sleep(1000);
            }
        }
    }

    private synchronized void restart() throws IOException {
        if (closed) {
            return;
        }
        try {
            postgres.close(); // releases the data directory's lock; stopping the dead server fails quietly
        } catch (IOException | RuntimeException e) {
            // it is dead already
        }
        stopOrphanedPostmaster(dataDirectory);
        postgres = launch(dataDirectory, port);
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }

    /** Whether the postmaster recorded in the data directory is running (and not a zombie). */
    boolean postmasterAlive() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One server per JVM on the given directory (the first call's directory wins). */
    public static synchronized EmbeddedPostgresServer shared(Path dataDirectory) {
        if (shared == null) {
            shared = start(dataDirectory, 0).superviseRestarts();
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of the {@code postgres} database as user {@code postgres}, with {@code currentSchema} when given. */
    public String jdbcUrl(String schema) {
        return jdbcUrl(port(), schema);
    }

    /** The URL a server started on {@code port} will answer at: lets services start before it is up. */
    public static String jdbcUrl(int port, String schema) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        return schema == null ? url : url + "&currentSchema=" + schema;
    }

    /** The ports {@link #freePort} has handed out in this JVM: never handed out twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free on the loopback interface now, and never returned before by this JVM: a sandbox chooses the ports of
     * PostgreSQL, the bus broker and every service up front and binds them seconds later, and two of those choices
     * being the same port (the kernel may hand a port back once its probe socket is closed) would fail a start.
     */
    public static int freePort() {
        for (int attempt = 0; ; attempt++) {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port) || attempt >= 100) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A postmaster.pid naming a live postgres process means a predecessor was killed without stopping its
     * server. Ask that server to shut down (SIGTERM: smart shutdown; its clients died with the JVM) and wait.
     */
    static void stopOrphanedPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (isZombie(pid)) {
            // killed, but not yet reaped by its (adopting) parent: PostgreSQL refuses to start while the pid exists
            log.warn("PostgreSQL (pid {}) of a previous run on {} was killed and is not reaped yet; waiting for it", pid, dir);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (isZombie(pid) && System.nanoTime() < deadline) {
                sleep(50);
            }
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return; // stale file: PostgreSQL removes it itself on start
        }
        String command = process.get().info().command().orElse("");
        if (!command.contains("postgres")) {
            return; // the pid was reused by something else
        }
        log.warn("Stopping orphaned PostgreSQL (pid {}) left running on {} by a previous run", pid, dir);
        process.get().destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (process.get().isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (process.get().isAlive()) {
            log.warn("Orphaned PostgreSQL (pid {}) did not stop in time; killing it (WAL recovery follows)", pid);
            process.get().destroyForcibly();
            while (process.get().isAlive()) {
                sleep(50);
            }
        }
    }

    /** Whether {@code pid} is a process that has exited but is not reaped yet (Linux; elsewhere false). */
    static boolean isZombie(long pid) {
        return Processes.isZombie(pid);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL to stop", e);
        }
    }
}
