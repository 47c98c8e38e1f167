package dev.overcast.s3.encryption;

import dev.overcast.s3.S3Errors;
import java.util.Set;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Server-side encryption settings: a bucket's default, or what an object was written with. SSE-S3 ({@code AES256}),
 * SSE-KMS ({@code aws:kms}) and DSSE-KMS ({@code aws:kms:dsse}) with their key id and bucket-key flag; SSE-C
 * ({@code AES256} with a customer-provided key, of which only the MD5 is kept).
 */
public record Encryption(String algorithm, String kmsKeyId, boolean bucketKeyEnabled, String customerKeyMd5) {

    public static final String AES256 = "AES256";
    public static final Encryption SSE_S3 = new Encryption(AES256, null, false);
    private static final Set<String> ALGORITHMS = Set.of(AES256, "aws:kms", "aws:kms:dsse");

    public Encryption(String algorithm, String kmsKeyId, boolean bucketKeyEnabled) {
        this(algorithm, kmsKeyId, bucketKeyEnabled, null);
    }

    /** SSE-C with the customer's key. */
    public static Encryption customer(CustomerKey key) {
        return new Encryption(AES256, null, false, key.md5());
    }

    /** Whether the bytes are encrypted with a customer-provided key. */
    public boolean customer() {
        return customerKeyMd5 != null;
    }

    /**
     * The encryption headers a response carries, as a shape whose members copy onto any response builder
     * ({@code x-amz-server-side-encryption*}; for SSE-C the customer algorithm and key MD5 instead).
     */
    public SdkPojo responseHeaders() {
        return PutObjectResponse.builder()
                .serverSideEncryption(customer() ? null : algorithm)
                .ssekmsKeyId(responseKeyId())
                .bucketKeyEnabled(responseBucketKey())
                .sseCustomerAlgorithm(customer() ? AES256 : null)
                .sseCustomerKeyMD5(customerKeyMd5)
                .build();
    }

    public boolean kms() {
        return !AES256.equals(algorithm);
    }

    /** From a row's columns; none recorded means SSE-S3. */
    public static Encryption ofRow(String algorithm, String kmsKeyId, boolean bucketKeyEnabled, String customerKeyMd5) {
        if (customerKeyMd5 != null) {
            return new Encryption(AES256, null, false, customerKeyMd5);
        }
        return algorithm == null ? SSE_S3 : new Encryption(algorithm, kmsKeyId, bucketKeyEnabled);
    }

    /** The key id a response echoes: only for KMS. */
    public String responseKeyId() {
        return kms() ? kmsKeyId : null;
    }

    /** The bucket-key flag a response echoes: only when set. */
    public Boolean responseBucketKey() {
        return kms() && bucketKeyEnabled ? Boolean.TRUE : null;
    }

    /**
     * What a new object is written with: the request's {@code x-amz-server-side-encryption*} headers, else the
     * bucket's default. A KMS algorithm without a key id uses the account's AWS managed key {@code aws/s3}.
     */
    public static Encryption forWrite(String requestedAlgorithm, String requestedKeyId, Boolean requestedBucketKey,
                                      Encryption bucketDefault, String region, String account) {
        return forWrite(requestedAlgorithm, requestedKeyId, requestedBucketKey, null, bucketDefault, region, account);
    }

    /** As {@link #forWrite(String, String, Boolean, Encryption, String, String)}, with SSE-C when a key is given. */
    public static Encryption forWrite(String requestedAlgorithm, String requestedKeyId, Boolean requestedBucketKey,
                                      CustomerKey customerKey, Encryption bucketDefault, String region, String account) {
        if (customerKey != null) {
            if (requestedAlgorithm != null || requestedKeyId != null) {
                throw S3Errors.invalidArgument("Server Side Encryption with Customer provided key is incompatible with "
                        + "the encryption method specified", "x-amz-server-side-encryption", requestedAlgorithm);
            }
            return customer(customerKey);
        }
        if (requestedAlgorithm == null) {
            if (requestedKeyId != null) {
                throw S3Errors.invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header "
                        + "x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption-aws-kms-key-id",
                        requestedKeyId);
            }
            return bucketDefault == null ? SSE_S3 : bucketDefault;
        }
        if (!ALGORITHMS.contains(requestedAlgorithm)) {
            throw S3Errors.invalidArgument("The encryption method specified is not supported",
                    "x-amz-server-side-encryption", requestedAlgorithm);
        }
        if (AES256.equals(requestedAlgorithm)) {
            if (requestedKeyId != null) {
                throw S3Errors.invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header "
                        + "x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption-aws-kms-key-id",
                        requestedKeyId);
            }
            return SSE_S3;
        }
        String key = requestedKeyId != null ? requestedKeyId : awsManagedKey(region, account);
        boolean bucketKey = requestedBucketKey != null ? requestedBucketKey
                : bucketDefault != null && bucketDefault.kms() && bucketDefault.bucketKeyEnabled();
        return new Encryption(requestedAlgorithm, key, bucketKey);
    }

    /** A bucket default as PutBucketEncryption configures it. */
    public static Encryption bucketDefault(String algorithm, String kmsKeyId, Boolean bucketKey) {
        if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
            throw S3Errors.malformedXml();
        }
        if (AES256.equals(algorithm) && kmsKeyId != null) {
            throw S3Errors.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                    + "aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", null);
        }
        return new Encryption(algorithm, kmsKeyId, Boolean.TRUE.equals(bucketKey));
    }

    static String awsManagedKey(String region, String account) {
        return "arn:aws:kms:" + region + ":" + account + ":alias/aws/s3";
    }
}
