package dev.overcast.glue;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.s3.S3Application;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Glue service started once per test JVM on the shared embedded PostgreSQL, with the S3 service it reaches through
 * the S3 API (started in the same JVM), and SDK clients for both.
 */
public final class GlueTestService {

    private static ConfigurableApplicationContext glue;
    private static ConfigurableApplicationContext s3;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext dynamodb;
    /** The DynamoDB service's port, chosen now and started on first use (only the DynamoDB crawler test needs it). */
    private static final int DYNAMODB_PORT = freePort();
    private static int port;
    private static int s3Port;

    private GlueTestService() {
    }

    public static synchronized int s3Port() {
        if (s3 == null) {
            s3 = S3Application.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.bus.bootstrap", "127.0.0.1:1")).run();
            s3Port = Integer.parseInt(s3.getEnvironment().getRequiredProperty("local.server.port"));
        }
        return s3Port;
    }

    public static synchronized int port() {
        if (glue == null) {
            String s3Url = "http://127.0.0.1:" + s3Port();
            glue = GlueApplication.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("glue"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.glue.s3-url", s3Url,
                    "overcast.glue.dynamodb-url", "http://127.0.0.1:" + DYNAMODB_PORT,
                    // the stand-in EventBridge rules of EventTriggerTest
                    "overcast.glue.event-sources", EventTriggerTest.SOURCES,
                    // a Python shell job's boto3 talks S3 here (no gateway in this JVM): the S3 service itself
                    "overcast.glue.job-endpoint-url", s3Url,
                    // glueetl runs use the runner this build made (and its Scala compiler), not engine-spark's packed one
                    "overcast.glue.runner-classpath", jarOf("dev/overcast/glue/runner/GlueRunner.class")
                            + java.io.File.pathSeparator + jarOf("scala/tools/nsc/Main.class"))).run();
            port = Integer.parseInt(glue.getEnvironment().getRequiredProperty("local.server.port"));
        }
        return port;
    }

    /** The gateway in front of Glue and S3, as clients reach the suite (started on first use). */
    public static synchronized URI gateway() {
        if (gateway == null) {
            gateway = new org.springframework.boot.builder.SpringApplicationBuilder(
                    dev.overcast.gateway.GatewayApplication.class)
                    .web(org.springframework.boot.WebApplicationType.SERVLET).properties(Map.of(
                            "server.port", 0,
                            "spring.main.banner-mode", "off",
                            "overcast.gateway.services.glue.url", "http://127.0.0.1:" + port(),
                            // as in overcast-gateway.properties (the gateway jar on this class path may predate Glue)
                            "overcast.gateway.services.glue.target-prefixes", "AWSGlue",
                            "overcast.gateway.services.glue.signing-names", "glue",
                            "overcast.gateway.services.s3.url", "http://127.0.0.1:" + s3Port())).run();
        }
        return URI.create("http://127.0.0.1:" + gateway.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** A DynamoDB client of the DynamoDB service in this JVM (started on first use). */
    public static synchronized software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamodb() {
        if (dynamodb == null) {
            dynamodb = dev.overcast.dynamodb.DynamoDbApplication.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("dynamodb"),
                    "server.port", DYNAMODB_PORT,
                    "spring.main.banner-mode", "off",
                    "overcast.bus.bootstrap", "127.0.0.1:1",
                    "overcast.dynamodb.status-delay", "0ms")).run();
        }
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + DYNAMODB_PORT)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The jar on this class path that holds {@code resource}. */
    private static String jarOf(String resource) {
        java.net.URL url = GlueTestService.class.getClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new IllegalStateException(resource + " is not in a jar on the test class path: " + url
                    + " (build glue-runner with glue-svc, through the package phase)");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        return java.nio.file.Path.of(java.net.URI.create(file)).toString();
    }

    public static synchronized <T> T bean(Class<T> type) {
        port();
        return glue.getBean(type);
    }

    public static URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    public static GlueClient client() {
        return GlueClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static S3Client s3() {
        port();
        return S3Client.builder()
                .endpointOverride(URI.create("http://localhost:" + s3Port()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static String name(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
