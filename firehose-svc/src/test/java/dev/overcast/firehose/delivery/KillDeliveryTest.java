package dev.overcast.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseApplication;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of a Firehose process under PutRecordBatch load from several threads: every record it acknowledged is in the
 * buffer in PostgreSQL, and once a Firehose runs again on the same database (the test's own) and the buffer is due, each
 * of them is in S3, none twice.
 */
class KillDeliveryTest {

    private static final int THREADS = 4;
    private static final int BATCH = 50;

    @Test
    void acknowledgedRecordsSurviveKillDashNineAndAreDelivered() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("kill");
        // buffered until 128 MiB or 900 s by the suite's clock: nothing is due while the child runs
        FirehoseTestService.client().createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(128).intervalInSeconds(900))));
        Queue<String> acked = new ConcurrentLinkedQueue<>();
        int port = freePort();
        Path log = Files.createTempFile("firehose-child", ".log");
        Process child = startChild(port, log);
        try {
            FirehoseClient direct = client(port);
            Awaitility.await().atMost(240, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().failFast("the child Firehose exited; its log: " + log, () -> !child.isAlive())
                    .until(() -> direct.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                            .deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);

            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (FirehoseClient producer = client(port)) {
                        for (int n = 0; !stop.get(); n++) {
                            List<String> lines = new ArrayList<>(BATCH);
                            List<Record> batch = new ArrayList<>(BATCH);
                            for (int i = 0; i < BATCH; i++) {
                                String line = "t" + thread + "-" + n + "-" + i;
                                lines.add(line);
                                batch.add(Record.builder().data(SdkBytes.fromUtf8String(line + "\n")).build());
                            }
                            var put = producer.putRecordBatch(b -> b.deliveryStreamName(name).records(batch));
                            assertThat(put.failedPutCount()).isZero();
                            acked.addAll(lines);
                        }
                    } catch (RuntimeException | AssertionError killed) {
                        // the process went away under the request: it was never acknowledged
                    } finally {
                        done.countDown();
                    }
                });
            }
            Awaitility.await().atMost(240, TimeUnit.SECONDS).until(() -> acked.size() >= 40 * BATCH);
            child.destroyForcibly(); // SIGKILL mid-load: no shutdown hook runs, nothing is flushed
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        Set<String> acknowledged = new HashSet<>(acked);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40 * BATCH);
        assertThat(S3Reads.objects(bucket)).as("nothing was due before the kill").isEmpty();

        // the test's Firehose (on the same database) delivers the buffer once it is due
        FirehoseTestService.advanceClock(Duration.ofSeconds(901));
        List<String> delivered = new ArrayList<>();
        Awaitility.await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> {
            delivered.clear();
            for (S3Object o : S3Reads.objects(bucket)) {
                delivered.addAll(List.of(S3Reads.text(bucket, o.key()).split("\n")));
            }
            return delivered.size() >= acknowledged.size() && FirehoseTestService.jdbc().queryForObject("""
                    select count(*) from buffered_batch r join delivery_stream s on s.id = r.stream_id where s.name = ?""",
                    Integer.class, name) == 0;
        });
        assertThat(new HashSet<>(delivered)).as("every acknowledged record delivered").containsAll(acknowledged);
        assertThat(new HashSet<>(delivered)).as("none twice").hasSameSizeAs(delivered);
    }

    /**
     * Firehose in a child JVM of this test's class path on the test's database and S3, its clock at the test's Firehose's
     * offset (so that what it buffers is not due for either of them).
     */
    private static Process startChild(int port, Path log) throws IOException {
        Duration offset = FirehoseTestService.bean(SuiteClock.class).offset();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FirehoseApplication.class.getName(),
                "--spring.datasource.url=" + TestDatabase.jdbcUrl("firehose"),
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--overcast.clock-offset=" + offset,
                "--overcast.firehose.status-delay=0ms",
                "--overcast.firehose.s3-url=" + FirehoseTestService.s3Endpoint());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static FirehoseClient client(int port) {
        return FirehoseClient.builder().endpointOverride(URI.create("http://localhost:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                // no retries: a record is acknowledged only by the answer to the one request that carried it
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
