package dev.overcast.s3;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 service started once per test JVM on the shared embedded PostgreSQL, and SDK clients for it. */
public final class S3TestService {

    private static ConfigurableApplicationContext context;
    private static int port;

    private S3TestService() {
    }

    public static synchronized int port() {
        if (context == null) {
            context = S3Application.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.s3.chunk-size", 65536)).run();
            port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        }
        return port;
    }

    /** The service's database, for tests that check what is (not) left behind. */
    public static org.springframework.jdbc.core.JdbcTemplate jdbc() {
        port();
        return context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
    }

    /** A fresh, valid bucket name. */
    public static String bucketName() {
        return "b-" + java.util.UUID.randomUUID().toString().substring(0, 18);
    }

    public static URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    public static S3Client client() {
        return client("000000000000", "us-east-1");
    }

    public static S3Client client(String accessKey, String region) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
