package dev.overcast.s3.encryption;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import dev.overcast.s3.SdkErrors;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

class BucketEncryptionTest {

    private final S3Client s3 = S3TestService.client();

    @Test
    void defaultIsSseS3AndAConfiguredDefaultAppliesToNewObjects() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        ServerSideEncryptionRule initial = s3.getBucketEncryption(b -> b.bucket(bucket))
                .serverSideEncryptionConfiguration().rules().get(0);
        assertThat(initial.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(initial.bucketKeyEnabled()).isFalse();
        s3.putObject(b -> b.bucket(bucket).key("before"), RequestBody.fromString("x"));

        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("my-key"))
                .bucketKeyEnabled(true))));
        ServerSideEncryptionRule rule = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("my-key");
        assertThat(rule.bucketKeyEnabled()).isTrue();

        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromString("y"));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("my-key");
        assertThat(put.bucketKeyEnabled()).isTrue();
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("after"));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo("my-key");
        // objects keep what they were written with
        assertThat(s3.headObject(b -> b.bucket(bucket).key("before")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        // request headers override the default
        PutObjectResponse explicit = s3.putObject(b -> b.bucket(bucket).key("sse-s3")
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("z"));
        assertThat(explicit.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(explicit.ssekmsKeyId()).isNull();
        // multipart uploads too
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        String e = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1), RequestBody.fromString("p")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e).build())));
        GetObjectResponse got = s3.getObject(b -> b.bucket(bucket).key("mp"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response();
        assertThat(got.ssekmsKeyId()).isEqualTo("my-key");

        s3.deleteBucketEncryption(b -> b.bucket(bucket));
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.putObject(b -> b.bucket(bucket).key("later"), RequestBody.fromString("w")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
    }

    @Test
    void kmsWithoutAKeyUsesTheAwsManagedKey() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromString("x"));
        assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:alias/aws/s3");
    }

    @Test
    void invalidEncryptionSettings() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        HttpResponse<String> bad = send("PUT", "/" + bucket + "/k", "x", "x-amz-server-side-encryption", "rot13");
        assertError(bad, 400, "InvalidArgument");
        assertThat(bad.body()).contains("<Message>The encryption method specified is not supported</Message>");
        assertError(send("PUT", "/" + bucket + "/k", "x", "x-amz-server-side-encryption-aws-kms-key-id", "k1"),
                400, "InvalidArgument");
        assertThat(send("HEAD", "/" + bucket + "/k", (String) null).statusCode()).isEqualTo(404);
        assertError(send("PUT", "/" + bucket + "?encryption", "<ServerSideEncryptionConfiguration></ServerSideEncryptionConfiguration>"),
                400, "MalformedXML");
        assertError(send("PUT", "/" + bucket + "?encryption", "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
                + "<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                + "</Rule></ServerSideEncryptionConfiguration>"), 400, "InvalidArgument");
        HttpResponse<String> get = send("GET", "/" + bucket + "?encryption", (String) null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("<ServerSideEncryptionConfiguration").contains("<SSEAlgorithm>AES256</SSEAlgorithm>");
    }

    @Test
    void anEncryptionHeaderOnAReadOfAnSseS3OrSseKmsObjectIsRefused() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("s3"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket(bucket).key("kms").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromString("y"));
        for (String key : new String[] {"s3", "kms"}) {
            S3Exception get = SdkErrors.failure(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                    .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "AES256"))));
            SdkErrors.assertFailure(get, 400, "InvalidArgument",
                    "x-amz-server-side-encryption header is not supported for this operation.");
            S3Exception head = SdkErrors.failure(() -> s3.headObject(b -> b.bucket(bucket).key(key)
                    .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "aws:kms"))));
            assertThat(head.statusCode()).isEqualTo(400);
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kms")).asUtf8String()).isEqualTo("y");
    }
}
