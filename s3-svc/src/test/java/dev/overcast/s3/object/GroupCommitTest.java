package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Small puts arriving together are committed in groups: each keeps its own outcome (a failed precondition fails that
 * put alone), its own version, checksum and event.
 */
class GroupCommitTest {

    private static final int THREADS = 16;

    private final S3Client s3 = S3TestService.client();

    /** Runs the calls at once, from as many threads; each outcome is the HTTP status (200 or the error's). */
    private static List<Integer> race(List<Callable<?>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<?> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        call.call();
                        return 200;
                    } catch (S3Exception e) {
                        return e.statusCode();
                    }
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void ofManyRacingCreateOnlyPutsOfOneKeyExactlyOneWinsAndTheOthersFindItTaken() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        for (int round = 0; round < 3; round++) {
            String key = "race-" + round;
            List<Callable<?>> calls = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String body = "writer-" + i;
                calls.add(() -> s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(body)));
            }
            List<Integer> statuses = race(calls);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 412).hasSize(THREADS - 1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).startsWith("writer-");
        }
    }

    @Test
    void aFailingPreconditionFailsItsPutAloneAndTheOthersAreStored() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        String etag = s3.putObject(b -> b.bucket(bucket).key("shared"), RequestBody.fromString("first")).eTag();
        List<Callable<?>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String key = "k-" + i;
            String body = "body-" + i;
            if (i % 4 == 0) { // a wrong ETag: refused
                calls.add(() -> s3.putObject(b -> b.bucket(bucket).key("shared").ifMatch("\"0123\""),
                        RequestBody.fromString(body)));
            } else if (i % 4 == 1) { // taken: refused
                calls.add(() -> s3.putObject(b -> b.bucket(bucket).key("shared").ifNoneMatch("*"),
                        RequestBody.fromString(body)));
            } else {
                calls.add(() -> s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        RequestBody.fromString(body)));
            }
        }
        List<Integer> statuses = race(calls);
        for (int i = 0; i < THREADS; i++) {
            assertThat(statuses.get(i)).as("put %d", i).isEqualTo(i % 4 < 2 ? 412 : 200);
            if (i % 4 >= 2) {
                int n = i;
                var stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k-" + n).checksumMode("ENABLED"));
                assertThat(stored.asUtf8String()).isEqualTo("body-" + i);
                assertThat(stored.response().checksumCRC32()).isNotNull();
            }
        }
        var shared = s3.getObjectAsBytes(b -> b.bucket(bucket).key("shared"));
        assertThat(shared.asUtf8String()).isEqualTo("first");
        assertThat(shared.response().eTag()).isEqualTo(etag);
    }

    @Test
    void racingPutsOfAVersionedBucketEachMakeAVersionAndAnEvent() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
        List<String> versionIds = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Callable<?>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String key = "key-" + (i % 2);
            String body = "v" + i;
            calls.add(() -> {
                PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
                versionIds.add(r.versionId());
                return r;
            });
        }
        assertThat(race(calls)).containsOnly(200);

        List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(bucket)).versions();
        assertThat(versions).hasSize(THREADS);
        assertThat(versions.stream().map(ObjectVersion::versionId)).containsExactlyInAnyOrderElementsOf(versionIds);
        assertThat(versions.stream().filter(ObjectVersion::isLatest).map(ObjectVersion::key))
                .containsExactlyInAnyOrder("key-0", "key-1");
        // each put's event, naming its own version
        Set<String> announced = new HashSet<>(S3TestService.jdbc().queryForList("""
                select event::jsonb -> 'data' -> 'detail' -> 'object' ->> 'version-id' from s3.outbox
                where starts_with(event_key, ?) and event::jsonb ->> 'type' <> 'aws.s3.TestEvent'""", String.class,
                bucket + "/"));
        assertThat(announced).containsExactlyInAnyOrderElementsOf(versionIds);
        Map<String, String> latest = Map.of(
                "key-0", s3.getObjectAsBytes(b -> b.bucket(bucket).key("key-0")).response().versionId(),
                "key-1", s3.getObjectAsBytes(b -> b.bucket(bucket).key("key-1")).response().versionId());
        assertThat(versions.stream().filter(ObjectVersion::isLatest).map(ObjectVersion::versionId))
                .containsExactlyInAnyOrderElementsOf(latest.values());
    }
}
