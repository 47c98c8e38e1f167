package dev.overcast.s3;

import dev.overcast.common.auth.SuiteCredentials;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients of this S3 service itself, signed as an account for a region: what S3 does on a bucket owner's behalf
 * (replication, inventory reports) writes through the S3 API, with its checks, as AWS's own writers do. The endpoint is
 * {@code overcast.s3.self-url} (default: this process's port); the secret {@code overcast.s3.replication-secret} (for
 * SigV4 verification).
 */
@Component
public class LoopbackClients {

    private final Environment environment;
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public LoopbackClients(SuiteCredentials credentials, Environment environment) {
        this.credentials = credentials;
        this.environment = environment;
    }

    public S3Client client(String account, String region) {
        return clients.computeIfAbsent(account + "/" + region, k -> S3Client.builder()
                .endpointOverride(URI.create(environment.getProperty("overcast.s3.self-url",
                        "http://127.0.0.1:" + environment.getProperty("local.server.port",
                                environment.getProperty("server.port", "4572")))))
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(credentials.account(account))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
    }

    @jakarta.annotation.PreDestroy
    void close() {
        clients.values().forEach(S3Client::close);
    }
}
