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
import java.util.concurrent.CompletableFuture;
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
        // the whole output is kept from the first line on, by a reader of its own, so that any failure below (the
        // sandbox exiting because a service could not start, say) shows what the sandbox printed
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        CompletableFuture<Boolean> allUp = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                    if (line.contains("all " + EXPECTED_SERVICES.size() + " services up in")) {
                        allUp.complete(true);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process is gone: what it printed is in output
            }
            endpoint.complete(null);
            allUp.complete(false);
        }, "sandbox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String gateway = endpoint.get(300, TimeUnit.SECONDS);
            assertThat(gateway).as("the sandbox's output:\n%s", output).isNotNull();
            // a client may begin at the ready line: a request for a service still starting waits for it in the gateway
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(gateway)).forcePathStyle(true)
                    .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                    .build()) {
                s3.createBucket(b -> b.bucket("first-request"));
                assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("first-request");
            } catch (RuntimeException e) {
                throw new AssertionError("the first request failed (sandbox " + (sandbox.isAlive() ? "running" : "exited")
                        + "); the sandbox's output:\n" + output, e);
            }
            assertThat(allUp.get(300, TimeUnit.SECONDS)).as("the sandbox's output:\n%s", output).isTrue();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway + "/_overcast/health")).build(), HttpResponse.BodyHandlers.ofString());
            String report = health.body().replace(" ", "");
            EXPECTED_SERVICES.forEach(service -> assertThat(report).as("health report %s; the sandbox's output:\n%s", report, output)
                    .contains("\"" + service + "\":{"));
            assertThat(report).as("the sandbox's output:\n%s", output).doesNotContain("DOWN");
        } finally {
            sandbox.destroy();
            if (!sandbox.waitFor(60, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid"))).as("PostgreSQL stopped cleanly").isFalse();
    }
}
