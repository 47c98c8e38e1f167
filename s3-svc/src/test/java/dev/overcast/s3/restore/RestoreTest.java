package dev.overcast.s3.restore;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.lifecycle.sweeper.LifecycleSweeper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Archived objects through the SDK: a GLACIER object (written so, or moved there by a lifecycle transition) is not
 * read until RestoreObject's copy is ready on the suite's clock, and again not once that copy has expired.
 */
class RestoreTest {

    private static final S3Client S3 = S3TestService.client();
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    private static String read(String bucket, String key) {
        return S3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void glacierObjectIsReadOnlyWhileItsRestoredCopyLasts() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putObject(b -> b.bucket(bucket).key("cold").storageClass(StorageClass.GLACIER), RequestBody.fromString("ice"));
        S3.putObject(b -> b.bucket(bucket).key("warm"), RequestBody.fromString("sun"));
        assertFailure(failure(() -> read(bucket, "cold")), 403, "InvalidObjectState",
                "The operation is not valid for the object's storage class");
        assertThat(S3.headObject(b -> b.bucket(bucket).key("cold")).storageClass()).isEqualTo(StorageClass.GLACIER);
        assertFailure(failure(() -> S3.restoreObject(b -> b.bucket(bucket).key("warm").restoreRequest(r -> r.days(1)))),
                403, "InvalidObjectState", "Restore is not allowed for the object's current storage class");

        var started = S3.restoreObject(b -> b.bucket(bucket).key("cold").restoreRequest(r -> r.days(2)
                .glacierJobParameters(g -> g.tier(Tier.STANDARD))));
        assertThat(started.sdkHttpResponse().statusCode()).isEqualTo(202);
        assertThat(S3.headObject(b -> b.bucket(bucket).key("cold")).restore()).isEqualTo("ongoing-request=\"true\"");
        assertFailure(failure(() -> S3.restoreObject(b -> b.bucket(bucket).key("cold").restoreRequest(r -> r.days(2)))),
                409, "RestoreAlreadyInProgress", "Object restore is already in progress");
        assertFailure(failure(() -> read(bucket, "cold")), 403, "InvalidObjectState", null);

        clock.advance(Duration.ofHours(5).plusMinutes(1));
        assertThat(S3.headObject(b -> b.bucket(bucket).key("cold")).restore())
                .startsWith("ongoing-request=\"false\", expiry-date=\"");
        assertThat(read(bucket, "cold")).isEqualTo("ice");
        assertThat(S3.restoreObject(b -> b.bucket(bucket).key("cold").restoreRequest(r -> r.days(1)))
                .sdkHttpResponse().statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(3));
        assertFailure(failure(() -> read(bucket, "cold")), 403, "InvalidObjectState", null);
        assertThat(S3.headObject(b -> b.bucket(bucket).key("cold")).restore()).isNull();
    }

    @Test
    void transitionToGlacierMakesGetFailUntilARestoreCompletes() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                .transitionDefaultMinimumObjectSize(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS)
                .lifecycleConfiguration(c -> c.rules(r -> r.id("archive").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("")).transitions(t -> t.days(1).storageClass(TransitionStorageClass.GLACIER)))));
        S3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("text"));
        clock.advance(Duration.ofDays(2));
        MovedClock.runOnce(S3TestService.bean(LifecycleSweeper.class)::sweep);
        assertFailure(failure(() -> read(bucket, "doc")), 403, "InvalidObjectState", null);
        S3.restoreObject(b -> b.bucket(bucket).key("doc").restoreRequest(r -> r.days(1)
                .glacierJobParameters(g -> g.tier(Tier.EXPEDITED))));
        clock.advance(Duration.ofMinutes(6));
        assertThat(read(bucket, "doc")).isEqualTo("text");
    }
}
