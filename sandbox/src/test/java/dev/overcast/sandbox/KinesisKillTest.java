package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kill -9 of the sandbox under PutRecords load from several threads: after a restart on the same data directory every
 * acknowledged record is readable, each shard in sequence order with no record twice, and an iterator chain begun
 * before the kill goes on after it without repeating or skipping a record.
 */
class KinesisKillTest {

    private static final int THREADS = 4;
    private static final int SHARDS = 4;
    private static final int BATCH = 100;

    @TempDir
    Path dataDir;

    static KinesisClient client(String endpoint) {
        return KinesisClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                // no retries: a record is acknowledged only by the answer to the one request that carried it
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** An acknowledged record: the shard and sequence number PutRecords answered, and the data sent. */
    private record Acked(String shardId, String sequenceNumber, String data) {
    }

    @Test
    void acknowledgedRecordsSurviveKillDashNineInOrderAndOnce() throws Exception {
        String stream = "kill-" + UUID.randomUUID().toString().substring(0, 12);
        Queue<Acked> acked = new ConcurrentLinkedQueue<>();
        List<Record> chainBefore = new ArrayList<>();
        String chainIterator;
        Process child = SandboxChild.start(dataDir);
        try {
            String endpoint = SandboxChild.awaitReady(child);
            KinesisClient kinesis = client(endpoint);
            kinesis.createStream(b -> b.streamName(stream).shardCount(SHARDS));
            while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                    != StreamStatus.ACTIVE) {
                Thread.sleep(50);
            }
            String first = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger batches = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (KinesisClient producer = client(endpoint)) {
                        for (int n = 0; !stop.get(); n++) {
                            List<PutRecordsRequestEntry> batch = new ArrayList<>(BATCH);
                            for (int i = 0; i < BATCH; i++) {
                                String data = "t" + thread + "-" + n + "-" + i;
                                batch.add(PutRecordsRequestEntry.builder().partitionKey("t" + thread + "-" + i % 16)
                                        .data(SdkBytes.fromUtf8String(data)).build());
                            }
                            PutRecordsResponse put = producer.putRecords(b -> b.streamName(stream).records(batch));
                            for (int i = 0; i < BATCH; i++) {
                                PutRecordsResultEntry r = put.records().get(i);
                                acked.add(new Acked(r.shardId(), r.sequenceNumber(), batch.get(i).data().asUtf8String()));
                            }
                            batches.incrementAndGet();
                        }
                    } catch (RuntimeException killed) {
                        // the sandbox went away under the request: it was never acknowledged
                    } finally {
                        done.countDown();
                    }
                });
            }
            // an iterator chain on shard 0 follows the load, then the sandbox is killed in the middle of it
            chainIterator = followUntil(kinesis, first, chainBefore, () -> batches.get() >= 40);
            child.destroyForcibly(); // SIGKILL mid-load: no shutdown hook runs, PostgreSQL is orphaned
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(40 * BATCH);

        try (Sandbox restarted = Sandbox.start(SandboxOptions.forTests(dataDir, Map.of()));
             KinesisClient kinesis = client(restarted.endpoint())) {
            Map<String, List<Record>> shards = new HashMap<>();
            for (int s = 0; s < SHARDS; s++) {
                String shardId = String.format("shardId-%012d", s);
                String it = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                List<Record> all = new ArrayList<>();
                drain(kinesis, it, all);
                shards.put(shardId, all);
                // in sequence order, none twice
                for (int i = 1; i < all.size(); i++) {
                    assertThat(new BigInteger(all.get(i).sequenceNumber()))
                            .isGreaterThan(new BigInteger(all.get(i - 1).sequenceNumber()));
                }
                assertThat(all.stream().map(r -> r.data().asUtf8String()).distinct().count()).isEqualTo(all.size());
            }
            // every acknowledged record, in the shard PutRecords named, with its data
            Map<String, String> bySequence = new HashMap<>();
            shards.forEach((shard, records) -> records.forEach(r ->
                    bySequence.put(shard + "/" + r.sequenceNumber(), r.data().asUtf8String())));
            Set<String> missing = new HashSet<>();
            for (Acked a : acked) {
                if (!a.data().equals(bySequence.get(a.shardId() + "/" + a.sequenceNumber()))) {
                    missing.add(a.toString());
                }
            }
            assertThat(missing).as("acknowledged records not read back after the restart").isEmpty();

            // the chain begun before the kill goes on where it stopped: together, exactly shard 0 from its start
            List<Record> chainAfter = new ArrayList<>();
            drain(kinesis, chainIterator, chainAfter);
            List<String> chain = new ArrayList<>();
            chainBefore.forEach(r -> chain.add(r.sequenceNumber()));
            chainAfter.forEach(r -> chain.add(r.sequenceNumber()));
            assertThat(chain).containsExactlyElementsOf(
                    shards.get("shardId-000000000000").stream().map(Record::sequenceNumber).toList());
            assertThat(chainBefore).isNotEmpty();
        }
    }

    /** Follows an iterator chain, adding what it reads, until {@code enough}; returns the next iterator. */
    private static String followUntil(KinesisClient kinesis, String iterator, List<Record> into, BooleanSupplier enough)
            throws InterruptedException {
        String it = iterator;
        while (!enough.getAsBoolean()) {
            String at = it;
            GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(at));
            into.addAll(got.records());
            it = got.nextShardIterator();
            if (got.records().isEmpty()) {
                Thread.sleep(20);
            }
        }
        return it;
    }

    /** Follows an iterator chain to the shard's end as it stands (a read that comes back empty), adding what it reads. */
    private static void drain(KinesisClient kinesis, String iterator, List<Record> into) {
        String it = iterator;
        while (true) {
            String at = it;
            GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(at));
            if (got.records().isEmpty()) {
                return;
            }
            into.addAll(got.records());
            it = got.nextShardIterator();
        }
    }
}
