package dev.overcast.firehose.delivery;

import dev.overcast.firehose.FirehoseErrors;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.model.EncryptionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes objects through the suite's S3 API (never its schema), as the delivery stream's own account: the access key
 * is the account id, which the suite takes as that account.
 */
@Component
public class S3Objects implements DisposableBean {

    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

    public S3Objects(@Value("${overcast.firehose.s3-url}") String endpoint) {
        this.endpoint = URI.create(endpoint);
    }

    private S3Client client(String account, String region) {
        return clients.computeIfAbsent(account + "/" + region, k -> S3Client.builder().endpointOverride(endpoint)
                .region(Region.of(region)).forcePathStyle(true).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "firehose")))
                .build());
    }

    /** The bucket of an ARN {@code arn:aws:s3:::name}. */
    static String bucket(String bucketArn) {
        if (bucketArn == null || !bucketArn.startsWith("arn:aws:s3:::")) {
            throw FirehoseErrors.invalidArgument("BucketARN " + bucketArn + " is not an S3 bucket ARN.");
        }
        return bucketArn.substring("arn:aws:s3:::".length());
    }

    /** Puts an object, with SSE-KMS when the destination's EncryptionConfiguration names a key. */
    void put(String account, String region, String bucketArn, String key, byte[] body, EncryptionConfiguration encryption) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket(bucketArn)).key(key);
        if (encryption != null && encryption.kmsEncryptionConfig() != null) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(encryption.kmsEncryptionConfig().awskmsKeyARN());
        }
        client(account, region).putObject(put.build(), RequestBody.fromBytes(body));
    }

    @Override
    public void destroy() {
        clients.values().forEach(S3Client::close);
        http.close();
    }
}
