package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.flink.FlinkTestService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A call through boto3 (resources/boto3/call.py), for what the served 2.20.0 Java SDK model cannot send or read:
 * ListApplicationOperations, DescribeApplicationOperation, ApplicationSystemRollbackConfiguration, OperationIds.
 */
final class Boto3Call {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Boto3Call() {
    }

    /** Skips the calling test where python3 has no boto3. */
    static void assumeBoto3() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 with boto3 is not installed");
    }

    /** The response of {@code operation} (boto3's name) with {@code params}, or {"Error": {Code, Message}}. */
    static JsonNode call(String operation, Object params) {
        try {
            Path script = Files.createTempFile("overcast-boto3-call-", ".py");
            try (InputStream in = Boto3Call.class.getResourceAsStream("/boto3/call.py")) {
                Files.write(script, in.readAllBytes());
            }
            try {
                Process p = new ProcessBuilder("python3", script.toString(), FlinkTestService.endpoint().toString(), operation,
                        JSON.writeValueAsString(params)).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as(out).isZero();
                return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
