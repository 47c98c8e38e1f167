package dev.overcast.glue.store;

import dev.overcast.common.auth.SuiteCredentials;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Clients for the suite's other services, reached only through their AWS APIs. A client acts for an account: its
 * access key is the account id, which the suite maps to that account.
 */
@Component
public class SuiteClients {

    private final URI s3;
    private final URI dynamodb;

    private final SuiteCredentials credentials;

    public SuiteClients(SuiteCredentials credentials, @Value("${overcast.glue.s3-url}") String s3Url,
                        @Value("${overcast.glue.dynamodb-url}") String dynamodbUrl) {
        this.credentials = credentials;
        this.s3 = URI.create(s3Url);
        this.dynamodb = URI.create(dynamodbUrl);
    }

    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamodb(Scope scope) {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(dynamodb)
                .region(Region.of(scope.region()))
                .credentialsProvider(credentials.account(scope.catalog()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The credentials a job run acting for the scope's account gets (its shell's environment, its Spark run's settings). */
    public software.amazon.awssdk.auth.credentials.AwsCredentials credentials(Scope scope) {
        return credentials.account(scope.catalog()).resolveCredentials();
    }

    public S3Client s3(Scope scope) {
        return S3Client.builder().endpointOverride(s3).region(Region.of(scope.region())).forcePathStyle(true)
                .credentialsProvider(credentials.account(scope.catalog()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Copies an {@code s3://bucket/key} object (a job's script or jar) of the account into {@code target}. */
    public void download(Scope scope, String location, java.nio.file.Path target) {
        if (location == null || !location.startsWith("s3://") || location.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("Not an s3://bucket/key location: " + location);
        }
        String rest = location.substring(5);
        int slash = rest.indexOf('/');
        try (S3Client client = s3(scope)) {
            java.nio.file.Files.deleteIfExists(target);
            client.getObject(b -> b.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)), target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException
                 | software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            throw new IllegalArgumentException("Could not fetch " + location + ": " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    public URI s3Endpoint() {
        return s3;
    }
}
