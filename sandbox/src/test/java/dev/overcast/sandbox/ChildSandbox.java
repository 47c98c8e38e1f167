package dev.overcast.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sandbox in a child JVM (as {@code ./overcast} starts it), for tests that stop or kill it. */
final class ChildSandbox {

    /** The ready line {@link Sandbox#main} prints, its endpoint as group 1. */
    static final Pattern READY = Pattern.compile("Overcast ready in .* endpoint (http://localhost:\\d+)");

    private ChildSandbox() {
    }

    /** Starts {@link Sandbox#main} on the data directory, every port free, without the bus (its broker is not needed). */
    static Process start(Path dataDir) throws IOException {
        return start(dataDir, Map.of("OVERCAST_BUS", "off"));
    }

    /** Waits for the child's ready line and returns its endpoint; its output keeps being drained afterwards. */
    static String awaitEndpoint(Process child) throws IOException {
        return awaitReady(child, READY, 120).group(1);
    }

    /** Starts {@link Sandbox#main} on the data directory, every port free, with further {@code OVERCAST_*} settings. */
    static Process start(Path dataDir, Map<String, String> settings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), Sandbox.class.getName()))
                .redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(Map.of("OVERCAST_DATA_DIR", dataDir.toString(), "OVERCAST_FREE_PORTS", "true"));
        env.putAll(settings);
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Reads the child's output until its ready line (which must match {@code ready}) and then the line saying every
     * service is up (a test's clients then meet no start-up wait), then keeps draining it.
     */
    static Matcher awaitReady(Process child, Pattern ready, long timeoutSeconds) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String line;
        Matcher found = null;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = ready.matcher(line);
            if (found == null && m.find()) {
                found = m;
            }
            if (found != null && line.contains(" services up in ")) {
                Matcher m2 = found;
                Thread drain = new Thread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (IOException ignored) {
                        // child killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m2;
            }
        }
        throw new IllegalStateException("Sandbox did not start:\n" + seen);
    }

    /** One write of a writer thread: its {@code n}th; returns what it wrote, acknowledged once it returns. */
    @FunctionalInterface
    interface Write {
        String apply(int writer, int n);
    }

    /**
     * Four writer threads call {@code write} over and over, each acknowledged write's id going into
     * {@code acknowledged}, until 300 are acknowledged (or 60 s pass); then the child is killed with SIGKILL mid-load
     * (no shutdown hook: PostgreSQL and the broker are left running) and the writers end, a write that throws (the
     * sandbox is gone) ending its writer.
     */
    static void killUnderLoad(Process child, Set<String> acknowledged, Write write) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    try {
                        acknowledged.add(write.apply(writer, n));
                    } catch (RuntimeException e) {
                        return; // the sandbox is gone
                    }
                }
            });
            t.start();
            writers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
    }
}
