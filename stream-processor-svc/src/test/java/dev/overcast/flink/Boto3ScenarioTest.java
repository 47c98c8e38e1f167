package dev.overcast.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.Boto3Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boto3 (resources/boto3/scenario.py) and the AWS CLI (resources/boto3/cli.sh) against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3ApplicationsVersionsTagsAndErrors() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", FlinkTestService.endpoint());
    }

    @Test
    void awsCliCreatesListsRefusesAStartWithoutCodeAndDeletes(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("cli.sh");
        try (var in = getClass().getResourceAsStream("/boto3/cli.sh")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("sh", script.toString(), FlinkTestService.endpoint().toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok");
    }
}
