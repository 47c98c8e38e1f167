package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.ChildService;
import dev.overcast.s3.S3Application;
import dev.overcast.s3.S3TestService;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of an S3 service process (a second replica on the tests' database, in a child JVM) while many threads put
 * small objects through it, so that its puts are grouped: afterwards every acknowledged object is there with its
 * whole body, and every object there (acknowledged or not) is whole.
 */
class GroupCommitKillTest {

    private static final int THREADS = 12;

    private static S3Client client(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                // no retries: a put is acknowledged only by the answer to the one request that carried it
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The body every put of the key sends: 1 KiB naming the key, so that a body cut short or mixed up shows. */
    private static String body(String key) {
        StringBuilder b = new StringBuilder();
        while (b.length() < 1024) {
            b.append(key).append(';');
        }
        return b.substring(0, 1024);
    }

    @Test
    void acknowledgedGroupedPutsSurviveKillDashNineAndEveryObjectIsWhole() throws Exception {
        S3Client survivor = S3TestService.client();
        String bucket = S3TestService.bucketName();
        survivor.createBucket(b -> b.bucket(bucket));
        Map<String, String> acked = new ConcurrentHashMap<>(); // key → ETag answered
        try (ChildService child = ChildService.start(S3Application.class, "s3", "--overcast.bus.bootstrap=127.0.0.1:1")) {
            String endpoint = child.endpoint();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (S3Client s3 = client(endpoint)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "k-" + thread + "-" + i;
                            // every other put is conditional, as a create-only writer's
                            boolean createOnly = i % 2 == 0;
                            String etag = s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch(createOnly ? "*" : null),
                                    RequestBody.fromString(body(key))).eTag();
                            acked.put(key, etag);
                        }
                    } catch (RuntimeException killed) {
                        // the replica went away under the request: it was never acknowledged
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (acked.size() < 300) {
                Thread.sleep(20);
            }
            child.kill(); // SIGKILL mid-load: no shutdown hook runs, open transactions are cut off
            stop.set(true);
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        }

        Map<String, String> found = new ConcurrentHashMap<>();
        for (S3Object o : survivor.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            found.put(o.key(), o.eTag());
            // whole: the body the put sent, acknowledged or not
            assertThat(survivor.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String())
                    .as(o.key()).isEqualTo(body(o.key()));
        }
        assertThat(found).as("acknowledged puts after kill -9").containsAllEntriesOf(acked);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    }
}
