package dev.overcast.kinesis;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/** The Kinesis service started once per test JVM on the shared embedded PostgreSQL, and SDK clients for it. */
public final class KinesisTestService {

    private static ConfigurableApplicationContext context;
    private static int port;

    private KinesisTestService() {
    }

    public static synchronized int port() {
        if (context == null) {
            context = KinesisApplication.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("kinesis"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.kinesis.status-delay", "0ms",
                    // an ON_DEMAND stream's load is measured over 10 s here (a minute by default), so a test can show a split
                    "overcast.kinesis.on-demand.window", "10s")).run();
            port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        }
        return port;
    }

    /** The service's own database, for a test to look at (or set) what the API cannot show, such as a stream's status delay. */
    public static synchronized JdbcTemplate jdbc() {
        port();
        return context.getBean(JdbcTemplate.class);
    }

    /** A bean of the running service (the retention sweeper, the clock). */
    public static synchronized <T> T bean(Class<T> type) {
        port();
        return context.getBean(type);
    }

    public static URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    /** The SDK's default client: CBOR ({@code application/x-amz-cbor-1.1}). */
    public static KinesisClient client() {
        return client(true);
    }

    /**
     * A client speaking CBOR or, with {@code cbor} false, JSON 1.1: the SDK reads {@code aws.cborEnabled} when the
     * client is built, so the property is set around the build only.
     */
    public static synchronized KinesisClient client(boolean cbor) {
        return client(cbor, "000000000000", "us-east-1");
    }

    public static synchronized KinesisClient client(boolean cbor, String accessKey, String region) {
        String property = SdkSystemSetting.CBOR_ENABLED.property();
        String old = System.getProperty(property);
        System.setProperty(property, Boolean.toString(cbor));
        try {
            return KinesisClient.builder()
                    .endpointOverride(endpoint())
                    .region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
                            .addExecutionInterceptor(new ContentTypeCheck(cbor)))
                    .build();
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }

    /**
     * The SDK's async client as enhanced fan-out uses it: Netty over HTTP/2, which on an {@code http://} endpoint opens
     * with the HTTP/2 preface (h2c with prior knowledge, no Upgrade).
     */
    public static synchronized KinesisAsyncClient asyncClient(boolean cbor) {
        String property = SdkSystemSetting.CBOR_ENABLED.property();
        String old = System.getProperty(property);
        System.setProperty(property, Boolean.toString(cbor));
        try {
            return KinesisAsyncClient.builder()
                    .endpointOverride(endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                    .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
                            .addExecutionInterceptor(new ContentTypeCheck(cbor)))
                    .build();
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }

    /** Makes sure a client speaks the protocol it was built for: a test meant for JSON must not pass in CBOR. */
    private record ContentTypeCheck(boolean cbor) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String type = context.httpRequest().firstMatchingHeader("Content-Type").orElse("");
            // the SDK sends its one event-stream operation in JSON 1.1 even when CBOR is on
            boolean json = !cbor || context.request() instanceof SubscribeToShardRequest;
            String expected = json ? "application/x-amz-json-1.1" : "application/x-amz-cbor-1.1";
            if (!type.startsWith(expected)) {
                throw new IllegalStateException("client built for " + expected + " sent " + type);
            }
        }
    }

    public static String streamName() {
        return "s-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A PROVISIONED stream of {@code shards} shards, ACTIVE (the test service has no status delay). */
    public static String createStream(KinesisClient kinesis, int shards) {
        String name = streamName();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        if (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            throw new IllegalStateException("stream " + name + " is not ACTIVE at once");
        }
        return name;
    }
}
