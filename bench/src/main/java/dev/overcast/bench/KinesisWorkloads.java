package dev.overcast.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Kinesis workloads, in JSON 1.1 (with {@code KINESIS_CBOR=true}, CBOR: the SDK's default, but kinesalite cuts its CBOR
 * answer to a 500-record PutRecords short):
 * <ul>
 *   <li>{@code kinesis-put}: PutRecords of 500 records of 1 KiB (random partition keys) into an 8-shard stream; the line
 *       adds records/s;</li>
 *   <li>{@code kinesis-get}: GetRecords (Limit 10,000) draining an 8-shard stream preloaded with
 *       {@code KINESIS_RECORDS} records of 100 bytes (default 1,000,000; fewer on a small machine), each thread its
 *       shards, a drained shard read again from TRIM_HORIZON; the line adds records/s;</li>
 *   <li>{@code kinesis-poll-latency}: one thread puts a record and polls GetRecords until it is visible (the latency is
 *       PutRecord's start to the GetRecords answer that holds it);</li>
 *   <li>{@code kinesis-subscribe-latency}: one thread puts a record while a SubscribeToShard subscription (the SDK's
 *       KinesisAsyncClient, HTTP/2) pushes it; the latency is PutRecord's start to the event's arrival. ENDPOINT is then
 *       the endpoint serving HTTP/2 (Overcast's Kinesis port).</li>
 * </ul>
 * The setup (the stream ACTIVE, the preload, the consumer ACTIVE) is not measured.
 */
final class KinesisWorkloads {

    static final int SHARDS = 8;
    static final int BATCH = 500;
    static final int GET_RECORD_BYTES = 100;

    private KinesisWorkloads() {
    }

    static LoadGenerator.Result run(String endpoint, String workload, LoadGenerator.Run run) throws Exception {
        if (!Boolean.parseBoolean(System.getenv().getOrDefault("KINESIS_CBOR", "false"))) {
            // JSON 1.1 unless KINESIS_CBOR=true: kinesalite cuts its CBOR answer to a PutRecords of 500 short (the SDK
            // fails to parse it), so both sides are measured in JSON
            System.setProperty("aws.cborEnabled", "false");
        }
        try (KinesisClient kinesis = client(endpoint, run.threads())) {
            return switch (workload) {
                case "kinesis-put" -> put(kinesis, run);
                case "kinesis-get" -> get(kinesis, run);
                case "kinesis-poll-latency" -> pollLatency(kinesis, run);
                case "kinesis-subscribe-latency" -> subscribeLatency(endpoint, kinesis, run);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            };
        }
    }

    static KinesisClient client(String endpoint, int threads) {
        return KinesisClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "bench")))
                .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2).socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    static String createStream(KinesisClient kinesis, int shards) throws InterruptedException {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            Thread.sleep(100);
        }
        return name;
    }

    static List<PutRecordsRequestEntry> batch(Random random, int bytes) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] data = new byte[bytes];
            random.nextBytes(data);
            batch.add(PutRecordsRequestEntry.builder().partitionKey(Long.toHexString(random.nextLong()))
                    .data(SdkBytes.fromByteArrayUnsafe(data)).build());
        }
        return batch;
    }

    static LoadGenerator.Result put(KinesisClient kinesis, LoadGenerator.Run run) throws Exception {
        String stream = createStream(kinesis, SHARDS);
        AtomicLong failed = new AtomicLong();
        LoadGenerator.Result r = LoadGenerator.timed(run, () -> {
            Random random = new Random();
            return () -> {
                List<PutRecordsRequestEntry> batch = batch(random, 1024);
                PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(stream).records(batch));
                failed.addAndGet(put.failedRecordCount());
                return (long) (BATCH - put.failedRecordCount()) * 1024;
            };
        });
        return r.withDetail(String.format(Locale.ROOT, " records/s=%.0f failed-records=%d",
                r.megabytesPerSecond() * 1e6 / 1024, failed.get()));
    }

    static LoadGenerator.Result get(KinesisClient kinesis, LoadGenerator.Run run) throws Exception {
        String stream = createStream(kinesis, SHARDS);
        long total = Long.parseLong(System.getenv().getOrDefault("KINESIS_RECORDS", "1000000"));
        AtomicLong loaded = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> loaders = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            loaders.add(pool.submit(() -> {
                Random random = new Random();
                while (loaded.addAndGet(BATCH) <= total) {
                    List<PutRecordsRequestEntry> batch = batch(random, GET_RECORD_BYTES);
                    for (List<PutRecordsRequestEntry> left = batch; !left.isEmpty(); ) {
                        List<PutRecordsRequestEntry> send = left;
                        PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(stream).records(send));
                        List<PutRecordsRequestEntry> again = new ArrayList<>();
                        for (int i = 0; i < send.size(); i++) {
                            if (put.records().get(i).errorCode() != null) {
                                again.add(send.get(i));
                            }
                        }
                        left = again;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : loaders) {
            f.get();
        }
        pool.shutdown();
        System.err.println("kinesis-get: " + total + " records preloaded");
        AtomicInteger nextShard = new AtomicInteger();
        LoadGenerator.Result r = LoadGenerator.timed(run, () -> {
            String shard = String.format("shardId-%012d", nextShard.getAndIncrement() % SHARDS);
            String[] iterator = {null};
            return () -> {
                if (iterator[0] == null) {
                    iterator[0] = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                }
                GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(iterator[0]).limit(10_000));
                iterator[0] = got.records().isEmpty() ? null : got.nextShardIterator(); // drained: from the start again
                return (long) got.records().size() * GET_RECORD_BYTES;
            };
        });
        return r.withDetail(String.format(Locale.ROOT, " records/s=%.0f preloaded=%d",
                r.megabytesPerSecond() * 1e6 / GET_RECORD_BYTES, total));
    }

    static LoadGenerator.Result pollLatency(KinesisClient kinesis, LoadGenerator.Run run) throws Exception {
        String stream = createStream(kinesis, 1);
        String[] iterator = {kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator()};
        return LoadGenerator.timed(new LoadGenerator.Run(1, run.seconds(), run.warmupSeconds()), () -> () -> {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
            while (true) {
                GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(iterator[0]));
                iterator[0] = got.nextShardIterator();
                if (!got.records().isEmpty()) {
                    return got.records().size();
                }
            }
        });
    }

    static LoadGenerator.Result subscribeLatency(String endpoint, KinesisClient kinesis, LoadGenerator.Run run) throws Exception {
        String stream = createStream(kinesis, 1);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("bench")).consumer().consumerARN();
        while (kinesis.describeStreamConsumer(b -> b.consumerARN(consumer)).consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE) {
            Thread.sleep(100);
        }
        BlockingQueue<Integer> arrived = new LinkedBlockingQueue<>();
        try (KinesisAsyncClient async = KinesisAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "bench")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)
                        // a busy machine can take longer than the default 10 s to open the first HTTP/2 connection
                        .connectionAcquisitionTimeout(Duration.ofMinutes(1))).build()) {
            CompletableFuture<Void> subscription = async.subscribeToShard(b -> b.consumerARN(consumer).shardId("shardId-000000000000")
                            .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
                    SubscribeToShardResponseHandler.builder().subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                            .onSubscribeToShardEvent((SubscribeToShardEvent e) -> {
                                if (!e.records().isEmpty()) {
                                    arrived.add(e.records().size());
                                }
                            }).build()).build());
            // the subscription (LATEST) is open once a put comes through it; what came before is not measured
            for (int i = 0; i < 60 && arrived.poll() == null; i++) {
                if (subscription.isCompletedExceptionally()) {
                    subscription.join(); // throws the subscription's failure
                }
                kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("warm")));
                Thread.sleep(1000);
            }
            Thread.sleep(1000);
            arrived.clear();
            LoadGenerator.Result r = LoadGenerator.timed(new LoadGenerator.Run(1, run.seconds(), run.warmupSeconds()), () -> () -> {
                kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
                Integer n = arrived.poll(30, TimeUnit.SECONDS);
                if (n == null) {
                    throw new IllegalStateException("no SubscribeToShard event within 30 s of the put");
                }
                return n;
            });
            subscription.cancel(true);
            return r;
        }
    }
}
