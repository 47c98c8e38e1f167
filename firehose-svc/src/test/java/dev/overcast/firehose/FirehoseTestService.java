package dev.overcast.firehose;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.KinesisApplication;
import dev.overcast.s3.S3Application;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Firehose started once per test JVM on the shared embedded PostgreSQL, with the suite's S3 and Kinesis beside it
 * (each on its own schema and port, reached through their APIs as in the sandbox), and SDK clients for them.
 */
public final class FirehoseTestService {

    /** The size of the parts a delivery streams its object to S3 in: S3's smallest. */
    public static final int PART_SIZE = 5 * 1024 * 1024;

    private static ConfigurableApplicationContext firehose;
    private static ConfigurableApplicationContext s3;
    private static ConfigurableApplicationContext kinesis;

    private FirehoseTestService() {
    }

    private static int port(ConfigurableApplicationContext c) {
        return Integer.parseInt(c.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static synchronized void start() {
        if (firehose != null) {
            return;
        }
        s3 = S3Application.builder().properties(Map.of(
                "spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                "server.port", 0,
                "spring.main.banner-mode", "off")).run();
        kinesis = KinesisApplication.builder().properties(Map.of(
                "spring.datasource.url", TestDatabase.jdbcUrl("kinesis"),
                "server.port", 0,
                "spring.main.banner-mode", "off",
                "overcast.kinesis.status-delay", "0ms")).run();
        firehose = startFirehose();
    }

    /** A Firehose context on the test database (a second one for a restart test, after {@link #stopFirehose}). */
    public static synchronized ConfigurableApplicationContext startFirehose() {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.datasource.url", TestDatabase.jdbcUrl("firehose"));
        p.put("server.port", 0);
        p.put("spring.main.banner-mode", "off");
        p.put("overcast.firehose.status-delay", "0ms");
        p.put("overcast.firehose.delivery-poll", "100ms");
        p.put("overcast.firehose.s3-part-size", PART_SIZE);
        p.put("overcast.firehose.s3-url", "http://localhost:" + port(s3));
        p.put("overcast.firehose.kinesis-url", "http://localhost:" + port(kinesis));
        p.put("overcast.firehose.lambda-endpoints", TransformServer.ARN + "=" + TransformServer.url());
        p.put("overcast.firehose.glue-url", GlueStandIn.url());
        p.put("overcast.firehose.kafka-url", MskStandIn.url());
        return FirehoseApplication.builder().properties(p).run();
    }

    /** Closes the running Firehose (as a restart would) and starts a new one on the same database. */
    public static synchronized void restartFirehose() {
        start();
        java.time.Duration offset = firehose.getBean(SuiteClock.class).offset();
        firehose.close();
        firehose = startFirehose();
        firehose.getBean(SuiteClock.class).setOffset(offset);
    }

    /**
     * Moves the suite's clock on, as {@code POST /_overcast/clock} does for every service: Firehose's, Kinesis's and
     * S3's clocks together (a Kinesis source is read from a time by Firehose's clock).
     */
    public static synchronized void advanceClock(java.time.Duration by) {
        start();
        s3.getBean(SuiteClock.class).advance(by);
        kinesis.getBean(SuiteClock.class).advance(by);
        firehose.getBean(SuiteClock.class).advance(by);
    }

    public static URI endpoint() {
        start();
        return URI.create("http://localhost:" + port(firehose));
    }

    public static synchronized JdbcTemplate jdbc() {
        start();
        return firehose.getBean(JdbcTemplate.class);
    }

    public static synchronized <T> T bean(Class<T> type) {
        start();
        return firehose.getBean(type);
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));

    public static FirehoseClient client() {
        return FirehoseClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** The suite's S3 endpoint the test's Firehose delivers to. */
    public static String s3Endpoint() {
        start();
        return "http://localhost:" + port(s3);
    }

    public static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(s3Endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static KinesisClient kinesis() {
        start();
        return KinesisClient.builder().endpointOverride(URI.create("http://localhost:" + port(kinesis)))
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A new bucket; its ARN. */
    public static String bucket() {
        String name = name("b");
        s3().createBucket(b -> b.bucket(name));
        return "arn:aws:s3:::" + name;
    }
}
