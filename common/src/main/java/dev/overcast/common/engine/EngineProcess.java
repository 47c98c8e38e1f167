package dev.overcast.common.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine (a Kafka broker, a Flink cluster, a Spark driver) running as a child JVM, on this JVM's Java or, when the
 * engine declares the Java versions it runs on and this one is not among them, on one found on the machine (see
 * {@link JavaRuntimes}): started with its pid recorded in
 * {@code <home>/<name>.pid}, its output appended to {@code <home>/<name>.log}, ready once it prints its own readiness
 * line, stopped cleanly (SIGTERM, then SIGKILL after a grace period).
 *
 * <p>After a kill -9 of the JVM that started it, the engine of the previous run may still be running on the same home:
 * the next start finds the recorded pid, checks that the process is that engine on that home (not a reused pid), stops
 * it and waits until it is reaped, as the embedded PostgreSQL does with an orphaned postmaster.
 */
public final class EngineProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineProcess.class);

    /**
     * What to start.
     *
     * @param name         the engine's name, also of its pid and log files
     * @param home         its working directory (created if missing), under {@code OVERCAST_DATA_DIR}
     * @param distribution its jars and main class
     * @param jvmOptions   heap and the like
     * @param arguments    the main class's arguments
     * @param ready        true for the line of its output that says it serves
     * @param startTimeout how long to wait for that line
     * @param stopGrace    how long a clean stop may take before the process is killed
     */
    public record Spec(String name, Path home, EngineDistribution distribution, List<String> jvmOptions,
                       List<String> arguments, Predicate<String> ready, Duration startTimeout, Duration stopGrace) {

        public Spec {
            home = home.toAbsolutePath().normalize();
            jvmOptions = List.copyOf(jvmOptions);
            arguments = List.copyOf(arguments);
        }

        Path pidFile() {
            return home.resolve(name + ".pid");
        }

        Path logFile() {
            return home.resolve(name + ".log");
        }

        /** Marks the child's command line, so that an orphan is recognised as this engine on this home. */
        String marker() {
            return "-Dovercast.engine=" + name + "@" + home;
        }

        List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(distribution.javaCommand().toString()); // this JVM's Java, unless the engine needs another
            command.add(marker());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(distribution.classPath());
            command.add(distribution.mainClass());
            command.addAll(arguments);
            return command;
        }
    }

    private final Spec spec;
    private Process process;

    private EngineProcess(Spec spec) {
        this.spec = spec;
    }

    /** Starts the engine (first stopping an orphan of a killed predecessor) and waits until it is ready. */
    public static EngineProcess start(Spec spec) {
        EngineProcess engine = new EngineProcess(spec);
        engine.start();
        return engine;
    }

    /**
     * Runs a one-off command of the engine (a formatting tool and the like) to its end, its output appended to the
     * log; fails unless it exits with 0.
     */
    public static void run(Spec spec) {
        try {
            Files.createDirectories(spec.home());
            Process p = new ProcessBuilder(spec.command()).directory(spec.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile())).start();
            if (!p.waitFor(spec.startTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(spec.name() + " did not finish within " + spec.startTimeout() + "; see " + spec.logFile());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(spec.name() + " failed (exit " + p.exitValue() + "): " + tail(spec.logFile(), 0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + spec.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts it (again, after {@link #stop}) and waits until it is ready. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(spec.home());
            stopOrphan(spec);
            long offset = Files.exists(spec.logFile()) ? Files.size(spec.logFile()) : 0;
            process = new ProcessBuilder(spec.command()).directory(spec.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile())).start();
            Files.writeString(spec.pidFile(), Long.toString(process.pid()));
            awaitReady(offset);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Could not start " + spec.name() + " in " + spec.home(), e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Follows the log from {@code offset} until the readiness line, the process's end, or the timeout. */
    private void awaitReady(long offset) throws IOException {
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        StringBuilder partial = new StringBuilder();
        try (RandomAccessFile in = new RandomAccessFile(spec.logFile().toFile(), "r")) {
            in.seek(offset);
            byte[] buffer = new byte[8192];
            while (true) {
                int n = in.read(buffer);
                if (n > 0) {
                    partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, newline);
                        partial.delete(0, newline + 1);
                        if (spec.ready().test(line)) {
                            return;
                        }
                    }
                    continue;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
                            + " before it was ready: " + tail(spec.logFile(), offset));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(spec.name() + " was not ready within " + spec.startTimeout()
                            + "; see " + spec.logFile());
                }
                Processes.sleep(20);
            }
        }
    }

    /** The last lines of the log since {@code offset}, for an error message. */
    private static String tail(Path logFile, long offset) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A pid file naming a live process of this engine on this home: a killed predecessor's child. Stop it. */
    static void stopOrphan(Spec spec) throws IOException {
        if (!Files.exists(spec.pidFile())) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(spec.pidFile()).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(spec.pidFile());
            return;
        }
        if (Processes.isZombie(pid)) {
            log.warn("{} (pid {}) of a previous run on {} was killed and is not reaped yet; waiting for it", spec.name(), pid, spec.home());
            Processes.waitGone(pid, Duration.ofSeconds(60));
        } else if (Processes.isRunning(pid) && Processes.commandLine(pid).contains(spec.marker())) {
            log.warn("Stopping orphaned {} (pid {}) left running on {} by a previous run", spec.name(), pid, spec.home());
            Processes.stop(pid, spec.stopGrace());
        }
        Files.deleteIfExists(spec.pidFile());
    }

    /**
     * Waits up to {@code timeout} for an engine that runs to its own end (a batch job) to exit; its exit code, or empty
     * while it still runs then.
     */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return java.util.OptionalInt.empty();
        }
        try {
            return p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    ? java.util.OptionalInt.of(p.exitValue()) : java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    /**
     * Stops what a killed predecessor left running as engine {@code name} on {@code home} (its pid file names it), as a
     * start does; for homes that will not be started again (a finished batch run's).
     */
    public static void stopOrphan(String name, Path home, Duration grace) {
        try {
            stopOrphan(new Spec(name, home, null, List.of(), List.of(), line -> false, Duration.ZERO, grace));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop an orphaned " + name + " on " + home, e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return spec.logFile();
    }

    /** Stops it cleanly (SIGTERM, SIGKILL after the grace period) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.stop(process.pid(), spec.stopGrace());
        try {
            process.waitFor();
            Files.deleteIfExists(spec.pidFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("Could not remove {}", spec.pidFile(), e);
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
