package dev.overcast.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AWS CLI (`aws firehose …` with --endpoint-url) against the service: the control plane, a put, an error. */
class AwsCliTest {

    private record Result(int exit, String out) {
    }

    private static Result aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", FirehoseTestService.endpoint().toString(),
                "--region", "us-east-1", "--output", "json", "firehose"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "000000000000", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean cliAvailable() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theCliManagesAStream() throws Exception {
        assumeTrue(cliAvailable(), "the AWS CLI is not installed: skipped");
        String name = FirehoseTestService.name("cli");
        Result created = aws("create-delivery-stream", "--delivery-stream-name", name, "--extended-s3-destination-configuration",
                "BucketARN=arn:aws:s3:::cli-bucket,RoleARN=arn:aws:iam::000000000000:role/f");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).contains("arn:aws:firehose:us-east-1:000000000000:deliverystream/" + name);
        Result described = aws("describe-delivery-stream", "--delivery-stream-name", name);
        assertThat(described.out()).contains("\"DeliveryStreamStatus\": \"ACTIVE\"", "\"VersionId\": \"1\"",
                "\"DestinationId\": \"destinationId-000000000001\"");
        assertThat(aws("list-delivery-streams", "--limit", "10000").out()).contains(name);
        assertThat(aws("tag-delivery-stream", "--delivery-stream-name", name, "--tags", "Key=a,Value=b").exit()).isZero();
        assertThat(aws("list-tags-for-delivery-stream", "--delivery-stream-name", name).out()).contains("\"Key\": \"a\"");
        Result put = aws("put-record", "--delivery-stream-name", name,
                "--record", "Data=hello");
        assertThat(put.exit()).as(put.out()).isZero();
        assertThat(put.out()).contains("RecordId");
        Result missing = aws("describe-delivery-stream", "--delivery-stream-name", "missing-" + name);
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.out()).contains("ResourceNotFoundException", "Firehose missing-" + name
                + " under account 000000000000 not found.");
        assertThat(aws("delete-delivery-stream", "--delivery-stream-name", name).exit()).isZero();
    }
}
