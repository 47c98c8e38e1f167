package dev.overcast.s3.lifecycle;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.lifecycle.sweeper.LifecycleSweeper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Lifecycle configurations through the SDK: stored and answered as sent, refused with S3's errors, announced by
 * {@code x-amz-expiration}, and carried out by the sweeper as the suite's clock moves on.
 */
class LifecycleTest {

    private static final S3Client S3 = S3TestService.client();
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    /** Moves the clock on and sweeps (again once the run the advance started is done). */
    private void advance(Duration by) {
        clock.advance(by);
        MovedClock.runOnce(S3TestService.bean(LifecycleSweeper.class)::sweep);
    }

    private static String bucket(boolean versioned) {
        String bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        if (versioned) {
            S3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        return bucket;
    }

    private static void lifecycle(String bucket, LifecycleRule... rules) {
        S3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    }

    private static LifecycleRule rule(Consumer<LifecycleRule.Builder> body) {
        LifecycleRule.Builder b = LifecycleRule.builder().status(ExpirationStatus.ENABLED);
        body.accept(b);
        return b.build();
    }

    private static void put(String bucket, String key, int size) {
        S3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static boolean exists(String bucket, String key) {
        try {
            S3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void configurationIsStoredAsSentAndNamedWhenUnnamed() {
        String bucket = bucket(false);
        assertFailure(failure(() -> S3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))), 404,
                "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
        var put = S3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                rule(r -> r.id("logs").filter(f -> f.and(a -> a.prefix("logs/").tags(t -> t.key("k").value("v"))
                        .objectSizeGreaterThan(10L))).expiration(e -> e.days(365))
                        .transitions(t -> t.days(30).storageClass(TransitionStorageClass.STANDARD_IA),
                                t -> t.days(60).storageClass(TransitionStorageClass.GLACIER))),
                rule(r -> r.filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7))
                        .status(ExpirationStatus.DISABLED)))));
        assertThat(put.transitionDefaultMinimumObjectSize())
                .isEqualTo(TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K);
        var got = S3.getBucketLifecycleConfiguration(b -> b.bucket(bucket));
        assertThat(got.rules()).hasSize(2);
        assertThat(got.rules().get(0).id()).isEqualTo("logs");
        assertThat(got.rules().get(0).filter().and().prefix()).isEqualTo("logs/");
        assertThat(got.rules().get(0).filter().and().tags()).hasSize(1);
        assertThat(got.rules().get(0).transitions()).hasSize(2);
        assertThat(got.rules().get(1).id()).isNotBlank(); // S3 names a rule sent without an ID
        assertThat(got.rules().get(1).status()).isEqualTo(ExpirationStatus.DISABLED);
        assertThat(got.rules().get(1).abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
        S3.deleteBucketLifecycle(b -> b.bucket(bucket));
        assertFailure(failure(() -> S3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))), 404,
                "NoSuchLifecycleConfiguration", null);
    }

    @Test
    void invalidConfigurationsAreRefusedWithS3sErrors() {
        String bucket = bucket(false);
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.prefix(""))
                .transitions(t -> t.days(10).storageClass(TransitionStorageClass.STANDARD_IA))))), 400, "InvalidArgument",
                "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.prefix(""))
                .expiration(e -> e.days(0))))), 400, "InvalidArgument",
                "'Days' for Expiration action must be a positive integer");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.id("a").filter(f -> f.prefix("")).expiration(e -> e.days(1))),
                rule(r -> r.id("a").filter(f -> f.prefix("x")).expiration(e -> e.days(1))))), 400, "InvalidArgument",
                "Rule ID must be unique. Found same ID for more than one rule");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.prefix(""))))), 400, "InvalidRequest",
                "At least one action needs to be specified in a rule");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.prefix(""))
                .expiration(e -> e.date(Instant.parse("2030-01-01T10:00:00Z")))))), 400, "InvalidArgument",
                "'Date' must be at midnight GMT");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.prefix(""))
                .expiration(e -> e.days(30)).transitions(t -> t.days(40).storageClass(TransitionStorageClass.GLACIER))))),
                400, "InvalidArgument",
                "'Days' in the Expiration action for filter '(prefix=)' must be greater than 'Days' in the Transition action");
        assertFailure(failure(() -> lifecycle(bucket, rule(r -> r.filter(f -> f.tag(t -> t.key("k").value("v")))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))))), 400, "InvalidRequest",
                "AbortIncompleteMultipartUpload cannot be specified with Tags.");
        assertFailure(failure(() -> S3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))), 404,
                "NoSuchLifecycleConfiguration", null); // nothing was stored
    }

    @Test
    void expirationHeaderAndThirtyDayExpiryOnTheClock() {
        String bucket = bucket(false);
        lifecycle(bucket, rule(r -> r.id("logs-30").filter(f -> f.prefix("logs/")).expiration(e -> e.days(30))));
        var put = S3.putObject(b -> b.bucket(bucket).key("logs/a"), RequestBody.fromString("a"));
        Instant due = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.DAYS);
        assertThat(put.expiration()).startsWith("expiry-date=\"").endsWith("\", rule-id=\"logs-30\"");
        assertThat(S3.headObject(b -> b.bucket(bucket).key("logs/a")).expiration()).isEqualTo(put.expiration());
        assertThat(S3.getObjectAsBytes(b -> b.bucket(bucket).key("logs/a")).response().expiration())
                .isEqualTo(put.expiration());
        assertThat(put.expiration()).contains(java.time.format.DateTimeFormatter.ofPattern(
                "dd MMM yyyy", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC).format(due));
        put(bucket, "data/b", 5);
        assertThat(S3.headObject(b -> b.bucket(bucket).key("data/b")).expiration()).isNull();

        advance(Duration.ofDays(29));
        assertThat(exists(bucket, "logs/a")).isTrue();
        advance(Duration.ofDays(2));
        assertThat(exists(bucket, "logs/a")).isFalse();
        assertThat(exists(bucket, "data/b")).isTrue();
        // written after the clock moved on: 30 days from now, not already past
        put(bucket, "logs/c", 1);
        advance(Duration.ofDays(1));
        assertThat(exists(bucket, "logs/c")).isTrue();
    }

    @Test
    void versionedBucketGetsDeleteMarkersThenLosesNoncurrentVersionsAndLoneMarkers() {
        String bucket = bucket(true);
        lifecycle(bucket, rule(r -> r.id("all").filter(f -> f.prefix("")).expiration(e -> e.days(10))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(5))),
                rule(r -> r.id("markers").filter(f -> f.prefix("")).expiration(e -> e.expiredObjectDeleteMarker(true))));
        put(bucket, "k", 3);
        advance(Duration.ofDays(11));
        assertThat(exists(bucket, "k")).isFalse();
        List<ObjectVersion> versions = S3.listObjectVersions(b -> b.bucket(bucket)).versions();
        assertThat(versions).hasSize(1);
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).hasSize(1);
        advance(Duration.ofDays(6));
        // the noncurrent version went; then the marker was the key's only version and went too
        advance(Duration.ZERO.plusSeconds(1));
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).isEmpty();
    }

    @Test
    void newerNoncurrentVersionsAreKept() {
        String bucket = bucket(true);
        lifecycle(bucket, rule(r -> r.filter(f -> f.prefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(1)
                .newerNoncurrentVersions(2))));
        for (int i = 0; i < 5; i++) {
            put(bucket, "k", i);
        }
        advance(Duration.ofDays(2));
        assertThat(S3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(ObjectVersion::size)
                .containsExactly(4L, 3L, 2L);
    }

    @Test
    void transitionsMoveLargeEnoughObjectsDownTheStorageClasses() {
        String bucket = bucket(false);
        lifecycle(bucket, rule(r -> r.filter(f -> f.prefix("")).transitions(
                t -> t.days(30).storageClass(TransitionStorageClass.STANDARD_IA),
                t -> t.days(90).storageClass(TransitionStorageClass.GLACIER))));
        put(bucket, "big", 200 * 1024);
        put(bucket, "small", 1024);
        advance(Duration.ofDays(31));
        assertThat(S3.headObject(b -> b.bucket(bucket).key("big")).storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(S3.headObject(b -> b.bucket(bucket).key("small")).storageClassAsString()).isNull(); // < 128 KB
        advance(Duration.ofDays(60));
        assertThat(S3.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(o -> o.key() + "=" + o.storageClassAsString())
                .containsExactly("big=GLACIER", "small=STANDARD");
    }

    @Test
    void incompleteUploadsAreAborted() {
        String bucket = bucket(false);
        lifecycle(bucket, rule(r -> r.filter(f -> f.prefix("up/")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(3))));
        String stale = S3.createMultipartUpload(b -> b.bucket(bucket).key("up/x")).uploadId();
        String other = S3.createMultipartUpload(b -> b.bucket(bucket).key("keep/x")).uploadId();
        advance(Duration.ofDays(4));
        assertThat(S3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).extracting(u -> u.uploadId())
                .containsExactly(other);
        assertThat(stale).isNotEqualTo(other);
    }
}
