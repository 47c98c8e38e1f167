package dev.overcast.flink;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.kinesis.KinesisApplication;
import dev.overcast.s3.S3Application;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Flink service with the S3 and Kinesis services it reaches (through their APIs), started once per test JVM on
 * the shared embedded PostgreSQL, and SDK clients for them.
 */
public final class FlinkTestService {

    private static ConfigurableApplicationContext s3;
    private static ConfigurableApplicationContext kinesis;
    private static ConfigurableApplicationContext flink;
    private static Path home;

    private FlinkTestService() {
    }

    public static synchronized void start() {
        if (flink != null) {
            return;
        }
        try {
            home = Files.createTempDirectory("overcast-flink-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s3 = S3Application.builder().properties(Map.of("spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                "server.port", 0, "spring.main.banner-mode", "off")).run();
        kinesis = KinesisApplication.builder().properties(Map.of("spring.datasource.url", TestDatabase.jdbcUrl("kinesis"),
                "server.port", 0, "spring.main.banner-mode", "off", "overcast.kinesis.status-delay", "0ms")).run();
        flink = startFlink(0, Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (flink != null) {
                flink.close();
            }
        }));
    }

    private static ConfigurableApplicationContext startFlink(int port, Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("spring.datasource.url", TestDatabase.jdbcUrl("flink"),
                "server.port", port, "spring.main.banner-mode", "off",
                "overcast.flink.s3-url", "http://localhost:" + port(s3),
                "overcast.flink.kinesis-url", "http://localhost:" + port(kinesis),
                "overcast.flink.home", home.toString(), "overcast.flink.heap", "384m"));
        properties.putAll(more);
        return FlinkApplication.builder().properties(properties).run();
    }

    /** Stops the Flink service (its applications' Flink JVMs with it) and starts it again on its port and database. */
    public static synchronized void restartFlink() {
        restartFlink(Map.of());
    }

    /** {@link #restartFlink()} with more properties (or none: as started first). */
    public static synchronized void restartFlink(Map<String, Object> more) {
        int port = port(flink);
        flink.close();
        flink = startFlink(port, more);
    }

    /** The folder the service keeps applications' working folders in (a session cluster must see it). */
    public static Path home() {
        start();
        return home;
    }

    public static synchronized <T> T bean(Class<T> type) {
        start();
        return flink.getBean(type);
    }

    private static int port(ConfigurableApplicationContext c) {
        return Integer.parseInt(c.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public static URI endpoint() {
        start();
        return URI.create("http://localhost:" + port(flink));
    }

    public static URI s3Endpoint() {
        start();
        return URI.create("http://localhost:" + port(s3));
    }

    public static URI kinesisEndpoint() {
        start();
        return URI.create("http://localhost:" + port(kinesis));
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));

    public static KinesisAnalyticsV2Client client() {
        return KinesisAnalyticsV2Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static S3Client s3() {
        return S3Client.builder().endpointOverride(s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static KinesisClient kinesis() {
        return KinesisClient.builder().endpointOverride(kinesisEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Waits until {@code condition} holds (a status reached), failing after {@code timeout}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
