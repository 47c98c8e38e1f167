package dev.overcast.firehose.delivery;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.firehose.FirehoseErrors;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.model.EncryptionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes objects through the suite's S3 API (never its schema), as the delivery stream's own account: the access key
 * is the account id, which the suite takes as that account.
 */
@Component
public class S3Objects implements DisposableBean {

    private final URI endpoint;
    private final int partSize;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public S3Objects(SuiteCredentials credentials, @Value("${overcast.firehose.s3-url}") String endpoint,
                     @Value("${overcast.firehose.s3-part-size:8388608}") int partSize) {
        this.credentials = credentials;
        this.endpoint = URI.create(endpoint);
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("overcast.firehose.s3-part-size is at least 5 MiB, S3's smallest part");
        }
        this.partSize = partSize;
    }

    /** The size of the parts objects are sent in. */
    int partSize() {
        return partSize;
    }

    private S3Client client(String account, String region) {
        return clients.computeIfAbsent(account + "/" + region, k -> S3Client.builder().endpointOverride(endpoint)
                .region(Region.of(region)).forcePathStyle(true).httpClient(http)
                .credentialsProvider(credentials.account(account))
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
    private static void put(S3Client s3, String bucket, String key, RequestBody body, EncryptionConfiguration encryption) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
        if (kmsKey(encryption) != null) {
            put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKey(encryption));
        }
        s3.putObject(put.build(), body);
    }

    /** The KMS key of a destination's EncryptionConfiguration (SSE-KMS), or null. */
    private static String kmsKey(EncryptionConfiguration encryption) {
        return encryption == null || encryption.kmsEncryptionConfig() == null ? null
                : encryption.kmsEncryptionConfig().awskmsKeyARN();
    }

    /** An object's bytes as S3 sends them (the caller closes the stream). */
    java.io.InputStream get(String account, String region, String bucketArn, String key) {
        return client(account, region).getObject(g -> g.bucket(bucket(bucketArn)).key(key));
    }

    /**
     * An object written as it comes: what is written is held up to the part size, then sent as a part of a multipart
     * upload; closing the stream completes the upload (or puts the object whole when it fits in one part).
     */
    Upload upload(String account, String region, String bucketArn, String key, EncryptionConfiguration encryption) {
        return new Upload(client(account, region), bucket(bucketArn), key, encryption);
    }

    /** See {@link #upload}; {@link #abort} when the object is not to be written. */
    final class Upload extends OutputStream {
        private final S3Client s3;
        private final String bucket;
        private final String key;
        private final EncryptionConfiguration encryption;
        /** The part being filled: grown as it fills, up to the part size (many partitions' objects may be open). */
        private byte[] part = new byte[Math.min(partSize, 64 * 1024)];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private long size;
        private String uploadId;
        private boolean closed;

        private Upload(S3Client s3, String bucket, String key, EncryptionConfiguration encryption) {
            this.s3 = s3;
            this.bucket = bucket;
            this.key = key;
            this.encryption = encryption;
        }

        /** The object's size so far (all of it once closed). */
        long size() {
            return size;
        }

        /** The bytes held in memory, not sent yet. */
        long held() {
            return filled;
        }

        /** Whether a part has been sent (the multipart upload is under way). */
        boolean started() {
            return uploadId != null;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (filled == part.length && part.length < partSize) {
                    part = java.util.Arrays.copyOf(part, (int) Math.min(partSize, 2L * part.length));
                }
                if (filled == partSize) {
                    sendPart();
                }
                int n = Math.min(len, part.length - filled);
                System.arraycopy(b, off, part, filled, n);
                filled += n;
                size += n;
                off += n;
                len -= n;
            }
        }

        private RequestBody body() {
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, filled), filled,
                    "application/octet-stream");
        }

        private void sendPart() {
            if (uploadId == null) {
                CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
                if (kmsKey(encryption) != null) {
                    create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKey(encryption));
                }
                uploadId = s3.createMultipartUpload(create.build()).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(p -> p.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body()).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (uploadId == null) {
                put(s3, bucket, key, body(), encryption);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
            closed = true;
            part = null;
        }

        /** Abandons the object: nothing of it is left in the bucket. */
        void abort() {
            if (closed) {
                return;   // complete (or abandoned) already
            }
            closed = true;
            part = null;
            if (uploadId != null) {
                s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
            }
        }
    }

    @Override
    public void destroy() {
        clients.values().forEach(S3Client::close);
        http.close();
    }
}
