package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class BucketTest {

    /** The service under test; a subclass runs the same tests against another database. */
    protected S3TestService service() {
        return S3TestService.embedded();
    }

    private final S3Client s3 = service().newClient("000000000000", "us-east-1");

    @Test
    void createListHeadDelete() {
        String bucket = ObjectLifecycleTest.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        HeadBucketResponse head = s3.headBucket(b -> b.bucket(bucket));
        assertThat(head.bucketRegion()).isEqualTo("us-east-1");
        s3.deleteBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(bucket)))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
    }

    @Test
    void recreatingYourOwnBucketSucceedsInUsEast1AndFailsElsewhere() {
        String bucket = ObjectLifecycleTest.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.createBucket(b -> b.bucket(bucket)); // legacy us-east-1 behaviour

        S3Client eu = service().newClient("000000000000", "eu-west-1");
        String euBucket = ObjectLifecycleTest.bucketName();
        eu.createBucket(b -> b.bucket(euBucket).createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        assertThat(eu.headBucket(b -> b.bucket(euBucket)).bucketRegion()).isEqualTo("eu-west-1");
        assertThatThrownBy(() -> eu.createBucket(b -> b.bucket(euBucket)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1))))
                .isInstanceOf(BucketAlreadyOwnedByYouException.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(409));
    }

    @Test
    void anotherAccountCannotTakeOrSeeYourBucket() {
        String bucket = ObjectLifecycleTest.bucketName();
        S3Client alice = service().newClient("111111111111", "us-east-1");
        S3Client bob = service().newClient("222222222222", "us-east-1");
        alice.createBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> bob.createBucket(b -> b.bucket(bucket)))
                .isInstanceOf(BucketAlreadyExistsException.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(409));
        assertThat(bob.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
        assertThat(alice.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        assertThatThrownBy(() -> bob.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void aBucketWithObjectsCannotBeDeleted() {
        String bucket = ObjectLifecycleTest.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket(bucket)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> {
                    S3Exception s3e = (S3Exception) e;
                    assertThat(s3e.statusCode()).isEqualTo(409);
                    assertThat(s3e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
                });
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        s3.deleteBucket(b -> b.bucket(bucket));
    }
}
