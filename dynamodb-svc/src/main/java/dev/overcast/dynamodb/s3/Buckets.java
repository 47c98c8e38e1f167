package dev.overcast.dynamodb.s3;

import dev.overcast.common.auth.SuiteCredentials;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The suite's S3, reached through its API with the SDK as a user's export or import would reach it: a client per
 * account (a 12-digit access key is that account) and region, on {@code overcast.dynamodb.s3-url}.
 */
@Component
public class Buckets implements DisposableBean {

    /** Where an S3 call of an export or import failed: the failure code DynamoDB reports, and the message. */
    public static final class Failure extends RuntimeException {
        private final String code;

        public Failure(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final String s3Url;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public Buckets(SuiteCredentials credentials, @Value("${overcast.dynamodb.s3-url:http://127.0.0.1:4572}") String s3Url) {
        this.credentials = credentials;
        this.s3Url = s3Url;
    }

    private S3Client client(String account, String region) {
        return clients.computeIfAbsent(account + "|" + region, k -> S3Client.builder()
                .endpointOverride(URI.create(s3Url))
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(credentials.account(account))
                .httpClient(http)
                .build());
    }

    /** Writes an object from a file; its ETag (without quotes). */
    public String put(String account, String region, String bucket, String key, Path file) {
        return call(() -> strip(client(account, region).putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag()));
    }

    /** Writes a small object from bytes; its ETag (without quotes). */
    public String put(String account, String region, String bucket, String key, byte[] bytes, String contentType) {
        return call(() -> strip(client(account, region).putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)).eTag()));
    }

    /** The objects under a prefix, in key order, page by page. */
    public void list(String account, String region, String bucket, String prefix, Consumer<S3Object> each) {
        call(() -> {
            client(account, region).listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix == null ? "" : prefix))
                    .contents().forEach(each);
            return null;
        });
    }

    /** An object's bytes as a stream (the caller closes it). */
    public InputStream open(String account, String region, String bucket, String key) {
        return call(() -> client(account, region).getObject(b -> b.bucket(bucket).key(key)));
    }

    private static String strip(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** Runs an S3 call, turning S3's errors into the failure codes DynamoDB reports (S3NoSuchBucket, S3AccessDenied…). */
    private static <T> T call(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new Failure(code == null ? "S3Error" : "S3" + code, message);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new Failure("S3Unavailable", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        clients.values().forEach(S3Client::close);
        http.close();
    }
}
