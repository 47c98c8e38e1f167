package dev.overcast.s3.object;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes asking for Object Lock on a bucket without it are refused with S3's errors and store nothing; CopyObject does not
 * take the lock headers yet and answers 501 NotImplemented rather than store the copy unlocked.
 */
class ObjectLockHeadersTest {

    private static final String MESSAGE = "A header you provided implies functionality that is not implemented";

    private final S3Client s3 = S3TestService.client();

    @Test
    void putCopyAndCreateMultipartUploadRefuseObjectLockHeaders() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromString("x"));
        Instant until = Instant.now().plusSeconds(86_400);

        S3Exception mode = failure(() -> s3.putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(until), RequestBody.fromString("x")));
        assertFailure(mode, 400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        S3Exception hold = failure(() -> s3.putObject(b -> b.bucket(bucket).key("k")
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON), RequestBody.fromString("x")));
        assertFailure(hold, 400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("k"))).isInstanceOf(NoSuchKeyException.class);

        assertFailure(failure(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket)
                .destinationKey("copy").objectLockRetainUntilDate(until))), 501, "NotImplemented", MESSAGE);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("copy"))).isInstanceOf(NoSuchKeyException.class);

        assertFailure(failure(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")
                .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until))), 400, "InvalidRequest",
                "Bucket is missing Object Lock Configuration");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
}
