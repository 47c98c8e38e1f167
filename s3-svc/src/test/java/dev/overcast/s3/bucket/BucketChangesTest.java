package dev.overcast.s3.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * PutObject, GetObject and HeadObject act on a bucket cached in the service, checked in their own statements: they
 * follow a bucket changed by another replica (here: straight in the database, which this service never hears of).
 */
class BucketChangesTest {

    private final S3Client s3 = S3TestService.client();
    private final JdbcTemplate jdbc = S3TestService.jdbc();

    private String bucketWithAnObject() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("first")); // the bucket is now cached
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("first");
        return bucket;
    }

    @Test
    void versioningEnabledElsewhereVersionsTheNextPutsSmallAndLarge() {
        String bucket = bucketWithAnObject();
        jdbc.update("update bucket set versioning = 'Enabled' where name = ?", bucket);

        PutObjectResponse small = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("second"));
        assertThat(small.versionId()).isNotNull().isNotEqualTo("null");
        jdbc.update("update bucket set versioning = 'Suspended' where name = ?", bucket);
        jdbc.update("update bucket set versioning = 'Enabled' where name = ?", bucket);
        byte[] large = new byte[3 * 1024 * 1024 + 17]; // more than a chunk: the transactional path
        new Random(3).nextBytes(large);
        PutObjectResponse big = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(large));
        assertThat(big.versionId()).isNotNull().isNotEqualTo("null").isNotEqualTo(small.versionId());

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(large);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(small.versionId())).asUtf8String())
                .isEqualTo("second");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(v -> v.versionId())
                .containsExactly(big.versionId(), small.versionId(), "null");
    }

    @Test
    void defaultEncryptionChangedElsewhereAppliesToTheNextPut() {
        String bucket = bucketWithAnObject();
        jdbc.update("update bucket set sse_algorithm = 'aws:kms', kms_key_id = 'arn:aws:kms:us-east-1:000000000000:key/k1'"
                + " where name = ?", bucket);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k2"), RequestBody.fromString("x"));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/k1");
    }

    @Test
    void aBucketDeletedAndCreatedAgainByAnotherAccountIsNoLongerTheCallers() {
        String bucket = bucketWithAnObject();
        jdbc.update("delete from object where bucket = ?", bucket);
        jdbc.update("delete from bucket where name = ?", bucket);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")))
                .isInstanceOf(NoSuchBucketException.class);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("cached again"));

        jdbc.update("delete from object where bucket = ?", bucket);
        jdbc.update("update bucket set account_id = '111111111111' where name = ?", bucket);
        for (Runnable call : new Runnable[]{
                () -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("intruder")),
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")),
                () -> s3.headObject(b -> b.bucket(bucket).key("k"))}) {
            assertThatThrownBy(call::run).isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
        assertThat(jdbc.queryForObject("select count(*) from object where bucket = ?", Long.class, bucket)).isZero();
        S3Client owner = S3TestService.client("111111111111", "us-east-1");
        owner.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("theirs"));
        assertThat(owner.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("theirs");
    }
}
