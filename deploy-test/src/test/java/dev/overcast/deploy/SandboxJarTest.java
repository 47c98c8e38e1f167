package dev.overcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sandbox as {@code ./overcast} runs it: {@code java -jar sandbox/target/sandbox.jar}, whose class path is the jar's
 * manifest and {@code target/lib} (not the test class path the sandbox's own tests run on), with its bus broker. Every
 * service must come up: a dependency the build leaves out of {@code lib} shows here, not on a user's machine.
 */
class SandboxJarTest {

    private static final List<String> EXPECTED_SERVICES = List.of("s3", "dynamodb", "kinesis", "kafka", "glue", "flink", "firehose");
    private static final Pattern READY = Pattern.compile("Overcast ready in .* endpoint (http://localhost:\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void theSandboxJarStartsEveryServiceAndItsBus() throws Exception {
        Path jar = Repository.file("sandbox/target/sandbox.jar");
        assertThat(jar).as("build the sandbox first").exists();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx512m",
                "-jar", jar.toString())).redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("OVERCAST_DATA_DIR", dataDir.toString(), "OVERCAST_FREE_PORTS", "true"));
        Process sandbox = builder.start();
        try {
            StringBuilder output = new StringBuilder();
            String endpoint = null;
            BufferedReader reader = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            String line;
            while (endpoint == null && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    endpoint = m.group(1);
                }
            }
            assertThat(endpoint).as("the sandbox's output:\n%s", output).isNotNull();
            // a client may begin at the ready line: a request for a service still starting waits for it in the gateway
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                    .build()) {
                s3.createBucket(b -> b.bucket("first-request"));
                assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("first-request");
            }
            boolean allUp = false;
            while (!allUp && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                output.append(line).append('\n');
                allUp = line.contains("all " + EXPECTED_SERVICES.size() + " services up in");
            }
            assertThat(allUp).as("the sandbox's output:\n%s", output).isTrue();
            Thread drain = new Thread(() -> reader.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/_overcast/health")).build(), HttpResponse.BodyHandlers.ofString());
            String report = health.body().replace(" ", "");
            EXPECTED_SERVICES.forEach(service -> assertThat(report).contains("\"" + service + "\":{"));
            assertThat(report).doesNotContain("DOWN");
        } finally {
            sandbox.destroy();
            if (!sandbox.waitFor(60, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid"))).as("PostgreSQL stopped cleanly").isFalse();
    }
}
