package dev.overcast.sandbox;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** SDK clients pointed at a sandbox's gateway, as a user would configure them. */
final class Clients {

    private Clients() {
    }

    static S3Client s3(String endpoint, String accessKey, String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static S3Client s3(String endpoint) {
        return s3(endpoint, "test", "test");
    }
}
