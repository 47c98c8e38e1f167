package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overcast.common.testing.Boto3Scenario;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The boto3 scenario (resources/boto3/scenario.py) and the AWS CLI against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3ConfigurationsClustersTagsAndErrors() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", KafkaTestService.endpoint());
    }

    @Test
    void awsCliListsVersionsAndReportsMsksErrors() throws Exception {
        assumeTrue(cli("--version").exit == 0, "the AWS CLI is not installed");
        Result versions = cli("kafka", "list-kafka-versions");
        assertThat(versions.exit).as(versions.output).isZero();
        assertThat(versions.output).contains("\"Version\": \"4.0.x\"", "\"Version\": \"4.4.x\"");
        Result missing = cli("kafka", "describe-cluster", "--cluster-arn",
                "arn:aws:kafka:us-east-1:000000000000:cluster/none/00000000-0000-0000-0000-000000000000-1");
        assertThat(missing.exit).isNotZero();
        assertThat(missing.output).contains("NotFoundException");
    }

    private record Result(int exit, String output) {
    }

    private static Result cli(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        if (!args[0].startsWith("--")) {
            command.addAll(List.of("--endpoint-url", KafkaTestService.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "000000000000");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
        pb.environment().put("AWS_PAGER", "");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(2, TimeUnit.MINUTES);
            return new Result(p.exitValue(), out);
        } catch (java.io.IOException e) {
            return new Result(-1, e.toString());
        }
    }
}
