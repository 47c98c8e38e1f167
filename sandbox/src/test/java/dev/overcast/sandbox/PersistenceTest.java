package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** What was acknowledged survives a clean restart and a kill -9 of the sandbox. */
class PersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void objectsSurviveAStopAndStartOnTheSameDataDirectory() {
        String bucket = "keep-" + UUID.randomUUID().toString().substring(0, 12);
        byte[] data = S3EndToEndTest.randomBytes(3 * 1024 * 1024 + 5, 11);
        try (Sandbox first = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()))) {
            S3Client s3 = Clients.s3(first.endpoint());
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromBytes(data));
        }
        try (Sandbox second = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()))) {
            S3Client s3 = Clients.s3(second.endpoint());
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asByteArray()).isEqualTo(data);
        }
    }

    @Test
    void sigtermShutsDownCleanlyAndStopsPostgres() throws Exception {
        Process child = ChildSandbox.start(dataDir);
        String endpoint = ChildSandbox.awaitEndpoint(child);
        String bucket = "term-" + UUID.randomUUID().toString().substring(0, 12);
        Clients.s3(endpoint).createBucket(b -> b.bucket(bucket));
        child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        try (Sandbox restarted = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()))) {
            Clients.s3(restarted.endpoint()).headBucket(b -> b.bucket(bucket));
        }
    }

    @Test
    void postgresKilledUnderARunningSandboxComesBackAndRequestsFailFastMeanwhile() throws Exception {
        String bucket = "back-" + UUID.randomUUID().toString().substring(0, 12);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()))) {
            // no retries and a bound on each call: every answer while the database is away is seen as it is
            S3Client s3 = S3Client.builder()
                    .endpointOverride(java.net.URI.create(sandbox.endpoint()))
                    .forcePathStyle(true)
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                            .retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(java.time.Duration.ofSeconds(20)))
                    .build();
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("acknowledged"));

            long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            postmaster.destroyForcibly(); // SIGKILL of the postmaster under the running services
            postmaster.onExit().get(30, TimeUnit.SECONDS);

            java.util.Set<String> answers = new java.util.TreeSet<>();
            boolean back = false;
            for (int attempt = 0; attempt < 120 && !back; attempt++) {
                try {
                    back = s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asUtf8String().equals("acknowledged");
                } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                    answers.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
                    Thread.sleep(250);
                }
            }
            assertThat(back).as("answers meanwhile: %s", answers).isTrue();
            // meanwhile only S3's retryable unavailability, never a wrong answer
            assertThat(answers).allMatch(a -> a.equals("503 ServiceUnavailable"), "answers meanwhile");
            s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromString("written after the restart"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("after")).asUtf8String()).isEqualTo("written after the restart");
        }
    }

    @Test
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        String bucket = "kill-" + UUID.randomUUID().toString().substring(0, 12);
        byte[] data = S3EndToEndTest.randomBytes(2 * 1024 * 1024 + 3, 13);
        Process child = ChildSandbox.start(dataDir);
        try {
            String endpoint = ChildSandbox.awaitEndpoint(child);
            S3Client s3 = Clients.s3(endpoint);
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < 20; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("k" + n), RequestBody.fromString("value " + n));
            }
            s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(data));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is left orphaned
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (Sandbox restarted = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()))) {
            S3Client s3 = Clients.s3(restarted.endpoint());
            for (int i = 0; i < 20; i++) {
                int n = i;
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k" + n)).asUtf8String()).isEqualTo("value " + n);
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray()).isEqualTo(data);
        }
    }
}
