package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.db.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of a sandbox (its PostgreSQL and its bus broker left orphaned) while S3 puts stream into a bucket with a
 * notification configuration: after the restart every acknowledged put's event is on the bus (at least once), and
 * every event on the bus is of a put that committed (an object that exists).
 */
class S3BusPersistenceTest {

    private static final Pattern READY = Pattern.compile("Overcast ready in .* endpoint (http://localhost:\\d+), bus (\\S+)");

    @TempDir
    Path dataDir;

    static S3Client s3(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @Test
    void everyCommittedPutsEventIsOnTheBusAfterAKillDashNineUnderLoad() throws Exception {
        int busPort = EmbeddedPostgresServer.freePort();
        Process child = ChildSandbox.start(dataDir, Map.of("OVERCAST_BUS_PORT", Integer.toString(busPort)));
        String bucket = "kill-events";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            String endpoint = ChildSandbox.awaitReady(child, READY, 300).group(1);
            S3Client s3 = s3(endpoint);
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.id("all").queueArn("arn:aws:sqs:us-east-1:000000000000:kill")
                            .eventsWithStrings("s3:ObjectCreated:*"))));
            ChildSandbox.killUnderLoad(child, acknowledged, (writer, n) -> {
                String key = "w" + writer + "/" + n;
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
                return key;
            });
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);

        try (Sandbox restarted = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()).withBusBroker(busPort))) {
            S3Client s3 = s3(restarted.endpoint());
            Set<String> committed = new HashSet<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                    .forEach(committed::add);
            assertThat(committed).containsAll(acknowledged);

            try (BusConsumer consumer = new BusConsumer(restarted.busBootstrap(), "overcast.s3.events")) {
                Set<String> seen = new HashSet<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (!seen.containsAll(committed) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.read(r -> r.key().startsWith(bucket + "/"),
                            committed.size(), Duration.ofSeconds(5))) {
                        assertThat(BusConsumer.event(r).path("type").asString()).isEqualTo("aws.s3.ObjectCreated:Put");
                        seen.add(r.key().substring(bucket.length() + 1));
                    }
                }
                // a duplicate (published, then the relay killed before it removed the row) is read more than once and
                // counted once
                assertThat(seen).as("every acknowledged put is on the bus").containsAll(acknowledged);
                assertThat(committed).as("every event on the bus is of a committed put").containsAll(seen);
            }
        }
    }
}
