package dev.overcast.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A service's boto3 scenario: a Python script among the test's resources, run by python3 with the service's endpoint
 * as its argument, that prints "boto3 scenario ok" when every step behaved. Skipped where python3 has no boto3.
 */
public final class Boto3Scenario {

    private Boto3Scenario() {
    }

    public static void run(Class<?> test, String resource, URI endpoint) throws Exception {
        assumeTrue(boto3Available(), "python3 with boto3 is not installed: the boto3 scenario is skipped");
        Path script = Files.createTempFile("overcast-boto3-", ".py");
        try (InputStream in = test.getResourceAsStream(resource)) {
            Files.write(script, in.readAllBytes());
        }
        try {
            Process p = new ProcessBuilder("python3", script.toString(), endpoint.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("boto3 scenario ok");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static boolean boto3Available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
