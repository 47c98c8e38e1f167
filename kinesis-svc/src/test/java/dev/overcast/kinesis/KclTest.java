package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.dynamodb.DynamoDbApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * (SubscribeToShard) and by polling (GetRecords).
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

    /** Records each shard's processor received, in the order received. */
    private static final Map<String, List<KinesisClientRecord>> RECEIVED = new ConcurrentHashMap<>();

    static final class Processor implements ShardRecordProcessor {
        private String shardId;

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            RECEIVED.computeIfAbsent(shardId, s -> new CopyOnWriteArrayList<>()).addAll(input.records());
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
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
        }
    }

    /** With enhanced fan-out (KCL's default: a registered consumer, SubscribeToShard over HTTP/2) and with polling. */
    @ParameterizedTest(name = "fanOut={0}")
    @ValueSource(booleans = {true, false})
    void applicationReceivesEveryRecordInOrderPerShard(boolean fanOut) throws Exception {
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
            String stream = KinesisTestService.createStream(kinesis, 2);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String data = "r-" + i;
                kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk-" + (data.hashCode() % 7)).data(SdkBytes.fromUtf8String(data)));
                sent.add(data);
            }
            String app = "kcl-" + UUID.randomUUID().toString().substring(0, 8);
            ConfigsBuilder configs = new ConfigsBuilder(stream, app, kinesisAsync, dynamo, cloudWatch, "worker-1", Processor::new);
            // the worker reports its metrics each second, so that the leader's first assignment finds it
            configs.leaseManagementConfig().failoverTimeMillis(5000).leaseAssignmentIntervalMillis(2000L)
                    .workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis(1000)
                    .inMemoryWorkerMetricsCaptureFrequencyMillis(500);
            Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(),
                    configs.leaseManagementConfig(), configs.lifecycleConfig(),
                    configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                    configs.processorConfig(),
                    configs.retrievalConfig().initialPositionInStreamExtended(
                            InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON))
                            .retrievalSpecificConfig(fanOut ? new FanOutConfig(kinesisAsync).streamName(stream).applicationName(app)
                                    : new PollingConfig(stream, kinesisAsync).idleTimeBetweenReadsInMillis(200)));
            Thread worker = new Thread(scheduler, "kcl-worker");
            worker.setDaemon(true);
            worker.start();
            try {
                // KCL waits on fixed timers of its own (a minute after its first shard sync): a generous bound, so a
                // busy machine does not fail the test; it ends as soon as every record is in
                for (int i = 0; i < 6000 && RECEIVED.values().stream().mapToInt(List::size).sum() < sent.size(); i++) {
                    Thread.sleep(100);
                }
                List<String> all = RECEIVED.values().stream().flatMap(List::stream)
                        .map(r -> java.nio.charset.StandardCharsets.UTF_8.decode(r.data()).toString()).toList();
                assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
                for (List<KinesisClientRecord> shard : RECEIVED.values()) {
                    assertThat(shard.stream().map(r -> new java.math.BigInteger(r.sequenceNumber())).toList()).isSorted();
                }
            } finally {
                try {
                    scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    scheduler.shutdown(); // what is tested is delivery, not how fast KCL stops
                }
            }
        }
    }
}
