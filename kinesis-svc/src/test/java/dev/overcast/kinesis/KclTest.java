package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.dynamodb.DynamoDbApplication;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A KCL 3.x application, unchanged, against the service: its leases, checkpoints and coordinator state in the suite's
 * DynamoDB (started beside it for this test), CloudWatch metrics off, records read with enhanced fan-out
 * (SubscribeToShard) and by polling (GetRecords), across a worker restart and a SplitShard and a MergeShards.
 */
class KclTest {

    private static ConfigurableApplicationContext dynamoDb;

    /** The suite's DynamoDB on the shared embedded PostgreSQL, as the sandbox starts it beside Kinesis. */
    private static synchronized URI dynamoDbEndpoint() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbApplication.builder().properties(Map.of(
                    "spring.datasource.url", TestDatabase.jdbcUrl("dynamodb"),
                    "server.port", 0,
                    "spring.main.banner-mode", "off",
                    "overcast.dynamodb.status-delay", "0ms")).run();
        }
        return URI.create("http://localhost:" + dynamoDb.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** One record as a shard's processor received it, with its place in the order of every receipt of the test. */
    record Receipt(String data, BigInteger sequenceNumber, long order) {
    }

    private static final AtomicLong ORDER = new AtomicLong();
    /** Records each shard's processor received, in the order received. */
    private static final Map<String, List<Receipt>> RECEIVED = new ConcurrentHashMap<>();

    static final class Processor implements ShardRecordProcessor {
        private String shardId;

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            try {
                // checkpointed before it counts as received: a record the test has seen is one a restart must not repeat
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<Receipt> shard = RECEIVED.computeIfAbsent(shardId, s -> new CopyOnWriteArrayList<>());
            for (KinesisClientRecord r : input.records()) {
                shard.add(new Receipt(StandardCharsets.UTF_8.decode(r.data()).toString(), new BigInteger(r.sequenceNumber()),
                        ORDER.incrementAndGet()));
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final BigInteger QUARTER = BigInteger.ONE.shiftLeft(126);

    /**
     * Puts {@code count} records named {@code prefix-i}, spread by explicit hash key over both halves of each quarter of
     * the hash-key space (so over the four shards of a new stream, and over both children of a split one).
     */
    private static List<String> put(KinesisClient kinesis, String stream, String prefix, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigInteger inQuarter = (i / 4) % 2 == 0 ? BigInteger.valueOf(1 + i) : QUARTER.shiftRight(1).add(BigInteger.valueOf(i));
            BigInteger hashKey = QUARTER.multiply(BigInteger.valueOf(i % 4)).add(inQuarter);
            String data = prefix + "-" + i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk-" + data).explicitHashKey(hashKey.toString())
                    .data(SdkBytes.fromUtf8String(data)));
            sent.add(data);
        }
        return sent;
    }

    private static List<Receipt> all() {
        return RECEIVED.values().stream().flatMap(List::stream).toList();
    }

    /** Waits (generously: KCL keeps fixed timers of its own) until {@code count} records are in; ends as soon as they are. */
    private static void awaitReceived(int count) throws InterruptedException {
        for (int i = 0; i < 6000 && all().size() < count; i++) {
            Thread.sleep(100);
        }
    }

    private static long last(String shard) {
        return RECEIVED.getOrDefault(shard, List.of()).stream().mapToLong(Receipt::order).max().orElseThrow();
    }

    private static long first(String shard) {
        return RECEIVED.getOrDefault(shard, List.of()).stream().mapToLong(Receipt::order).min().orElseThrow();
    }

    /**
     * With enhanced fan-out (KCL's default: a registered consumer, SubscribeToShard over HTTP/2) and with polling: a
     * worker reads a 4-shard stream; it stops, the stream is resharded (a split and a merge) with records on the closed
     * parents and on their children, and a new worker of the application goes on from the checkpoints: every record
     * once, in order per shard, each parent drained before its children start.
     */
    @ParameterizedTest(name = "fanOut={0}")
    @ValueSource(booleans = {true, false})
    void applicationReadsEveryRecordOnceAcrossARestartAndResharding(boolean fanOut) throws Exception {
        RECEIVED.clear();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));
        try (KinesisClient kinesis = KinesisTestService.client(true);
             KinesisAsyncClient kinesisAsync = KinesisAsyncClient.builder().endpointOverride(KinesisTestService.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(credentials)
                     .httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
             DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder().endpointOverride(dynamoDbEndpoint())
                     .region(Region.US_EAST_1).credentialsProvider(credentials).build();
             CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(URI.create("http://localhost:9"))
                     .region(Region.US_EAST_1).credentialsProvider(credentials).build()) {
            String stream = KinesisTestService.createStream(kinesis, 4);
            String app = "kcl-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> sent = new ArrayList<>(put(kinesis, stream, "first", 40));

            Scheduler worker = start(stream, app, "worker-1", fanOut, kinesisAsync, dynamo, cloudWatch);
            try {
                awaitReceived(sent.size());
                assertThat(all()).extracting(Receipt::data).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(RECEIVED).containsOnlyKeys("shardId-000000000000", "shardId-000000000001",
                        "shardId-000000000002", "shardId-000000000003");
            } finally {
                stop(worker);
            }

            // while no worker runs: records on the four shards, then shard 0 split and shards 2 and 3 merged, then
            // records on the open shards (1 and the children 4, 5 and 6)
            sent.addAll(put(kinesis, stream, "second", 40));
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey(QUARTER.shiftRight(1).toString()));
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000002")
                    .adjacentShardToMerge("shardId-000000000003"));
            sent.addAll(put(kinesis, stream, "third", 40));

            worker = start(stream, app, "worker-2", fanOut, kinesisAsync, dynamo, cloudWatch);
            try {
                awaitReceived(sent.size());
                // every record once: the new worker went on from the first one's checkpoints
                assertThat(all()).extracting(Receipt::data).containsExactlyInAnyOrderElementsOf(sent);
                for (List<Receipt> shard : RECEIVED.values()) {
                    assertThat(shard).extracting(Receipt::sequenceNumber).isSorted();
                }
                assertThat(RECEIVED).containsKeys("shardId-000000000004", "shardId-000000000005", "shardId-000000000006");
                assertThat(first("shardId-000000000004")).isGreaterThan(last("shardId-000000000000"));
                assertThat(first("shardId-000000000005")).isGreaterThan(last("shardId-000000000000"));
                assertThat(first("shardId-000000000006")).isGreaterThan(last("shardId-000000000002"))
                        .isGreaterThan(last("shardId-000000000003"));
            } finally {
                stop(worker);
            }
        }
    }

    private static Scheduler start(String stream, String app, String workerId, boolean fanOut, KinesisAsyncClient kinesisAsync,
                                   DynamoDbAsyncClient dynamo, CloudWatchAsyncClient cloudWatch) {
        ConfigsBuilder configs = new ConfigsBuilder(stream, app, kinesisAsync, dynamo, cloudWatch, workerId, Processor::new);
        // the worker reports its metrics each second, so that the leader's first assignment finds it; a lease another
        // worker stopped holding is taken over after 5 s; children are started as soon as their parents are done; and
        // the first shard sync is not followed by KCL's idle minute (its shard sync interval) before the worker starts
        configs.leaseManagementConfig().failoverTimeMillis(5000).leaseAssignmentIntervalMillis(2000L).shardSyncIntervalMillis(1000L)
                .workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis(1000)
                .inMemoryWorkerMetricsCaptureFrequencyMillis(500);
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
                configs.coordinatorConfig().parentShardPollIntervalMillis(500),
                configs.leaseManagementConfig(), configs.lifecycleConfig(),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                configs.processorConfig(),
                configs.retrievalConfig().initialPositionInStreamExtended(
                        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON))
                        .retrievalSpecificConfig(fanOut ? new FanOutConfig(kinesisAsync).streamName(stream).applicationName(app)
                                : new PollingConfig(stream, kinesisAsync).idleTimeBetweenReadsInMillis(200)));
        Thread thread = new Thread(scheduler, "kcl-" + workerId);
        thread.setDaemon(true);
        thread.start();
        return scheduler;
    }

    /** A graceful shutdown (each processor checkpoints), or, if KCL takes longer than a minute, a hard one. */
    private static void stop(Scheduler scheduler) throws Exception {
        try {
            scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            scheduler.shutdown(); // what is tested is delivery, not how fast KCL stops
        }
    }
}
