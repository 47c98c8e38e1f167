package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.s3.S3Application;
import dev.overcast.s3.S3TestService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of an S3 service process (a second replica on the tests' database, in a child JVM) while many threads put
 * small objects through it, so that its puts are grouped: afterwards every acknowledged object is there with its
 * whole body, and every object there (acknowledged or not) is whole.
 */
class GroupCommitKillTest {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static final int THREADS = 12;

    private static S3Client client(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                // no retries: a put is acknowledged only by the answer to the one request that carried it
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Process startReplica() throws Exception {
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), S3Application.class.getName(),
                "--spring.datasource.url=" + TestDatabase.jdbcUrl("s3"), "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--server.port=0", "--spring.main.banner-mode=off",
                "--overcast.bus.bootstrap=127.0.0.1:1")).redirectErrorStream(true).start();
    }

    /** Reads the child's output until Tomcat's port, then keeps draining it. */
    private static int awaitPort(Process child) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (java.io.IOException killed) {
                        // the child is gone
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the S3 replica did not start:\n" + seen);
    }

    /** The body every put of the key sends: 1 KiB naming the key, so that a body cut short or mixed up shows. */
    private static String body(String key) {
        StringBuilder b = new StringBuilder();
        while (b.length() < 1024) {
            b.append(key).append(';');
        }
        return b.substring(0, 1024);
    }

    @Test
    void acknowledgedGroupedPutsSurviveKillDashNineAndEveryObjectIsWhole() throws Exception {
        S3Client survivor = S3TestService.client();
        String bucket = S3TestService.bucketName();
        survivor.createBucket(b -> b.bucket(bucket));
        Map<String, String> acked = new ConcurrentHashMap<>(); // key → ETag answered
        Process child = startReplica();
        try {
            String endpoint = "http://127.0.0.1:" + awaitPort(child);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (S3Client s3 = client(endpoint)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "k-" + thread + "-" + i;
                            // every other put is conditional, as a create-only writer's
                            boolean createOnly = i % 2 == 0;
                            String etag = s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch(createOnly ? "*" : null),
                                    RequestBody.fromString(body(key))).eTag();
                            acked.put(key, etag);
                        }
                    } catch (RuntimeException killed) {
                        // the replica went away under the request: it was never acknowledged
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (acked.size() < 300) {
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL mid-load: no shutdown hook runs, open transactions are cut off
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        Map<String, String> found = new ConcurrentHashMap<>();
        for (S3Object o : survivor.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            found.put(o.key(), o.eTag());
            // whole: the body the put sent, acknowledged or not
            assertThat(survivor.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String())
                    .as(o.key()).isEqualTo(body(o.key()));
        }
        assertThat(found).as("acknowledged puts after kill -9").containsAllEntriesOf(acked);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    }
}
