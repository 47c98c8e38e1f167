package dev.overcast.firehose.source;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.MSKSourceDescription;
import software.amazon.awssdk.services.kafka.KafkaClient;

/**
 * Reads the topics of MSKAsSource delivery streams: the cluster named by MSKClusterARN is looked up through the suite's
 * MSK API (GetBootstrapBrokers, its plaintext brokers), its topic's partitions read with kafka-clients from their
 * checkpoints (or, at first, from ReadFromTimestamp, else from when the delivery stream was created), each partition's
 * records appended to the buffer in the transaction that moves the partition's checkpoint on, so a restart resumes
 * where the buffer ends: none lost, none buffered twice, in order per partition. No consumer group is used: the
 * positions are the buffer's. One replica reads a delivery stream at a time ({@link SourceRounds}), and each round seeks
 * to the checkpoints, so a replica that took over never reads from a stale position.
 */
@Component
public class MskSourceReader implements DisposableBean {

    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration LOOKUP = Duration.ofSeconds(10);

    private final SourceRounds rounds;
    private final SuiteClock clock;
    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, KafkaClient> clients = new ConcurrentHashMap<>();
    /** Per delivery stream, its consumer (closed and dropped when a round fails, so the brokers are looked up again). */
    private final Map<Long, KafkaConsumer<byte[], byte[]>> consumers = new ConcurrentHashMap<>();

    /**
     * The reader's own thread: a cluster that does not answer holds this reader up (for {@link #LOOKUP} at most), never
     * the scheduler that the delivery worker and the Kinesis reader run on.
     */
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firehose-msk-source");
        t.setDaemon(true);
        return t;
    });

    private final SuiteCredentials credentials;

    public MskSourceReader(SuiteCredentials credentials, SourceRounds rounds, SuiteClock clock, @Value("${overcast.firehose.kafka-url}") String endpoint,
                           @Value("${overcast.firehose.source-poll}") Duration every) {
        this.credentials = credentials;
        this.rounds = rounds;
        this.clock = clock;
        this.endpoint = URI.create(endpoint);
        runner.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                // the database was away for a moment: the next round tries again
                LoggerFactory.getLogger(MskSourceReader.class).warn("MSK source round failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over the MSKAsSource delivery streams (a failure is the stream's, never the runner's end). */
    public synchronized void poll() {
        List<DeliveryStream> all = rounds.round(DeliveryStreamType.MSK_AS_SOURCE,
                s -> "the topic " + s.mskSource().topicName() + " of " + s.mskSource().mskClusterARN(), this::read,
                s -> close(s.id()));
        // the consumers of delivery streams that are gone
        List<Long> gone = new ArrayList<>(consumers.keySet());
        all.forEach(s -> gone.remove(s.id()));
        gone.forEach(this::close);
    }

    private void read(DeliveryStream s) {
        MSKSourceDescription source = s.mskSource();
        KafkaConsumer<byte[], byte[]> consumer = consumers.computeIfAbsent(s.id(), id -> consumer(s, source));
        List<PartitionInfo> infos = consumer.partitionsFor(source.topicName(), LOOKUP);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("The topic " + source.topicName() + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<String, String> positions = rounds.positions(s.id());
        Map<TopicPartition, Long> fromTime = new HashMap<>();
        for (TopicPartition p : partitions) {
            String next = positions.get(checkpoint(p));
            if (next != null) {
                consumer.seek(p, Long.parseLong(next));
            } else {
                fromTime.put(p, start(source).toEpochMilli());
            }
        }
        if (!fromTime.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fromTime, LOOKUP);
            Map<TopicPartition, Long> ends = consumer.endOffsets(fromTime.keySet(), LOOKUP);
            fromTime.keySet().forEach(p -> consumer.seek(p, found.get(p) != null ? found.get(p).offset() : ends.get(p)));
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return;
        }
        // each partition's records a batch, its checkpoint the offset after them: one transaction
        Map<String, String> moved = new HashMap<>();
        List<List<byte[]>> batches = new ArrayList<>();
        for (TopicPartition p : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(p);
            List<byte[]> data = new ArrayList<>(list.size());
            list.forEach(r -> data.add(r.value() == null ? new byte[0] : r.value()));
            batches.add(data);
            moved.put(checkpoint(p), Long.toString(list.getLast().offset() + 1));
        }
        rounds.take(s.id(), moved, batches);
    }

    /**
     * Where a partition without a checkpoint starts: ReadFromTimestamp (the broker's time), else the delivery stream's
     * DeliveryStartTimestamp, which is the suite's time, taken back to the brokers' (real) time.
     */
    private Instant start(MSKSourceDescription source) {
        return source.readFromTimestamp() != null ? source.readFromTimestamp()
                : source.deliveryStartTimestamp().minus(clock.offset());
    }

    private static String checkpoint(TopicPartition p) {
        return "partition-" + p.partition();
    }

    private KafkaConsumer<byte[], byte[]> consumer(DeliveryStream s, MSKSourceDescription source) {
        KafkaClient msk = clients.computeIfAbsent(s.account() + "/" + s.region(), k -> KafkaClient.builder()
                .endpointOverride(endpoint).region(Region.of(s.region())).httpClient(http)
                .credentialsProvider(credentials.account(s.account()))
                .build());
        String bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(source.mskClusterARN())).bootstrapBrokerString();
        if (bootstrap == null || bootstrap.isEmpty()) {
            throw new IllegalStateException("The cluster " + source.mskClusterARN() + " has no plaintext brokers "
                    + "(GetBootstrapBrokers gave no BootstrapBrokerString)");
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "firehose-" + s.name());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) LOOKUP.toMillis());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) LOOKUP.toMillis());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void close(long streamId) {
        KafkaConsumer<byte[], byte[]> c = consumers.remove(streamId);
        if (c != null) {
            c.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(LOOKUP.toSeconds() + 5, TimeUnit.SECONDS);
        closeAll();
    }

    private synchronized void closeAll() {
        consumers.keySet().forEach(this::close);
        clients.values().forEach(KafkaClient::close);
        http.close();
    }
}
