package dev.overcast.s3.lock;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/** Object Lock through the SDK: buckets with lock, default and explicit retention, legal hold, enforced deletes. */
class ObjectLockTest {

    private static final S3Client S3 = S3TestService.client();
    private static final String PROTECTED = "Access Denied because object protected by object lock.";
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    private static String lockedBucket() {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        return bucket;
    }

    private static String put(String bucket, String key) {
        return S3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x")).versionId();
    }

    @Test
    void bucketCreatedWithLockIsVersionedAndAnswersItsConfiguration() {
        String bucket = lockedBucket();
        assertThat(S3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        assertThat(S3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration().objectLockEnabled())
                .isEqualTo(ObjectLockEnabled.ENABLED);
        assertFailure(failure(() -> S3.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(v -> v.status("Suspended")))), 409, "InvalidBucketState", null);

        String plain = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(plain));
        assertFailure(failure(() -> S3.getObjectLockConfiguration(b -> b.bucket(plain))), 404,
                "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket");
        assertFailure(failure(() -> S3.putObject(b -> b.bucket(plain).key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(Instant.now().plus(Duration.ofDays(1))), RequestBody.fromString("x"))), 400,
                "InvalidRequest", "Bucket is missing Object Lock Configuration");
        assertFailure(failure(() -> S3.putObjectLockConfiguration(b -> b.bucket(plain).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)))), 409, "InvalidBucketState",
                "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
        S3.putBucketVersioning(b -> b.bucket(plain).versioningConfiguration(v -> v.status("Enabled")));
        S3.putObjectLockConfiguration(b -> b.bucket(plain).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)));
        assertThat(S3.getObjectLockConfiguration(b -> b.bucket(plain)).objectLockConfiguration().rule()).isNull();
    }

    @Test
    void defaultGovernanceRetentionYieldsOnlyToTheBypassHeader() {
        String bucket = lockedBucket();
        S3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
        assertThat(S3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration().rule()
                .defaultRetention().days()).isEqualTo(1);
        String v = put(bucket, "k");
        var head = S3.headObject(b -> b.bucket(bucket).key("k"));
        assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(head.objectLockRetainUntilDate()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertFailure(failure(() -> S3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v))), 403, "AccessDenied",
                PROTECTED);
        // a delete without a version id only puts a marker on top
        assertThat(S3.deleteObject(b -> b.bucket(bucket).key("k")).deleteMarker()).isTrue();
        // shortening a GOVERNANCE retention takes the bypass header too
        assertFailure(failure(() -> S3.putObjectRetention(b -> b.bucket(bucket).key("k").versionId(v).retention(r -> r
                .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(Instant.now().plus(Duration.ofHours(1)))))),
                403, "AccessDenied", PROTECTED);
        S3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v).bypassGovernanceRetention(true));
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void complianceRetentionIsNeverShortenedAndRefusesDeletionUntilItEnds() {
        String bucket = lockedBucket();
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String v = S3.putObject(b -> b.bucket(bucket).key("c").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(until), RequestBody.fromString("x")).versionId();
        var retention = S3.getObjectRetention(b -> b.bucket(bucket).key("c").versionId(v)).retention();
        assertThat(retention.mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        assertThat(retention.retainUntilDate()).isEqualTo(until);
        assertFailure(failure(() -> S3.deleteObject(b -> b.bucket(bucket).key("c").versionId(v)
                .bypassGovernanceRetention(true))), 403, "AccessDenied", PROTECTED);
        assertFailure(failure(() -> S3.putObjectRetention(b -> b.bucket(bucket).key("c").versionId(v)
                .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE)
                        .retainUntilDate(until.minus(Duration.ofDays(1)))))), 403, "AccessDenied", PROTECTED);
        assertFailure(failure(() -> S3.putObjectRetention(b -> b.bucket(bucket).key("c").versionId(v)
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until)))), 403,
                "AccessDenied", PROTECTED);
        S3.putObjectRetention(b -> b.bucket(bucket).key("c").versionId(v).retention(r -> r
                .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until.plus(Duration.ofDays(1)))));
        var deleted = S3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(o -> o.key("c").versionId(v))));
        assertThat(deleted.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("AccessDenied");
            assertThat(e.message()).isEqualTo(PROTECTED);
        });
        clock.advance(Duration.ofDays(4));
        S3.deleteObject(b -> b.bucket(bucket).key("c").versionId(v));
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void legalHoldRefusesDeletionWhateverTheRetention() {
        String bucket = lockedBucket();
        String v = put(bucket, "h");
        assertFailure(failure(() -> S3.getObjectLegalHold(b -> b.bucket(bucket).key("h"))), 404,
                "NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration");
        assertFailure(failure(() -> S3.getObjectRetention(b -> b.bucket(bucket).key("h"))), 404,
                "NoSuchObjectLockConfiguration", null);
        S3.putObjectLegalHold(b -> b.bucket(bucket).key("h").legalHold(l -> l.status(ObjectLockLegalHoldStatus.ON)));
        assertThat(S3.getObjectLegalHold(b -> b.bucket(bucket).key("h")).legalHold().status())
                .isEqualTo(ObjectLockLegalHoldStatus.ON);
        assertThat(S3.getObjectAsBytes(b -> b.bucket(bucket).key("h")).response().objectLockLegalHoldStatus())
                .isEqualTo(ObjectLockLegalHoldStatus.ON);
        assertFailure(failure(() -> S3.deleteObject(b -> b.bucket(bucket).key("h").versionId(v)
                .bypassGovernanceRetention(true))), 403, "AccessDenied", PROTECTED);
        S3.putObjectLegalHold(b -> b.bucket(bucket).key("h").legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
        S3.deleteObject(b -> b.bucket(bucket).key("h").versionId(v));
    }

    @Test
    void malformedLockHeadersAreRefused() {
        String bucket = lockedBucket();
        assertFailure(failure(() -> S3.putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE),
                RequestBody.fromString("x"))), 400, "InvalidArgument",
                "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
        assertFailure(failure(() -> S3.putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(Instant.now().minus(Duration.ofDays(1))), RequestBody.fromString("x"))), 400,
                "InvalidArgument", "The retain until date must be in the future!");
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }
}
