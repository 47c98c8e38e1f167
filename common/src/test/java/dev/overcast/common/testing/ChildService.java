package dev.overcast.common.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started in a JVM of its own, on the test's embedded PostgreSQL and a free port, so that a test can kill it
 * with SIGKILL ({@link #kill}) and check what it acknowledged against what a service in the test's JVM then reads.
 */
public final class ChildService implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final int port;

    private ChildService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code application} (a Spring Boot main class on the test's class path) on {@code schema} of the test
     * database, with {@code arguments} added to its command line, and waits (up to 5 minutes) until it serves.
     */
    public static ChildService start(Class<?> application, String schema, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), application.getName(),
                "--spring.datasource.url=" + TestDatabase.jdbcUrl(schema), "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--server.port=0", "--spring.main.banner-mode=off"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ChildService(process, awaitPort(process, application.getSimpleName()));
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads the child's output until Tomcat's port, then keeps draining it. */
    private static int awaitPort(Process child, String name) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (java.io.IOException killed) {
                        // the child is gone
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException(name + " did not start in its own JVM:\n" + seen);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, open transactions are cut off; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed service has not ended");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
