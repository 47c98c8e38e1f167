package dev.overcast.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sandbox as a child process on a data directory, for tests that kill it (SIGTERM, or kill -9) and start it again. */
final class SandboxChild {

    private static final Pattern READY = Pattern.compile("Overcast ready in .* endpoint (http://localhost:\\d+)");

    private SandboxChild() {
    }

    /** Starts the sandbox in a JVM of its own on {@code dataDir}, every port chosen by the system. */
    static Process start(Path dataDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), Sandbox.class.getName()))
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("OVERCAST_DATA_DIR", dataDir.toString(), "OVERCAST_PORT", "0",
                "OVERCAST_S3_PORT", "0", "OVERCAST_DYNAMODB_PORT", "0", "OVERCAST_KINESIS_PORT", "0"));
        return builder.start();
    }

    /** Waits for the child's ready line and returns its endpoint; its output keeps being drained afterwards. */
    static String awaitReady(Process child) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
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
                return m.group(1);
            }
        }
        throw new IllegalStateException("Sandbox did not start:\n" + seen);
    }
}
