package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The boto3 scenario (resources/boto3/scenario.py, JSON 1.1) run by python3 against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3StreamsRecordsTagsAndErrors() throws Exception {
        assumeTrue(boto3Available(), "python3 with boto3 is not installed: the boto3 scenario is skipped");
        Path script = Files.createTempFile("overcast-boto3-kinesis-", ".py");
        try (var in = getClass().getResourceAsStream("/boto3/scenario.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("python3", script.toString(), KinesisTestService.endpoint().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Files.deleteIfExists(script);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("boto3 scenario ok");
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
