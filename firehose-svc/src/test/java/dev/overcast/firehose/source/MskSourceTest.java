package dev.overcast.firehose.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.bus.BusBroker;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.testing.TestDatabase;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.MskStandIn;
import dev.overcast.firehose.S3Reads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.MSKSourceDescription;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An MSK topic as source: a real Kafka broker (common's engine launcher), the MSK lookup (GetBootstrapBrokers) answered
 * by an in-test stand-in; records produced to two partitions arrive in S3 in order per partition, each once, across a
 * Firehose restart (the partitions' offsets are checkpointed with the buffer).
 */
class MskSourceTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static Path home;
    private static BusBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        home = Files.createTempDirectory("firehose-msk-test");
        broker = BusBroker.start(home.resolve("kafka"), EmbeddedPostgresServer.freePort(), home.resolve("engines"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        TestDatabase.deleteRecursively(home);
    }

    private static void produce(String topic, int partition, List<String> lines) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(topic, partition, null, (line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static List<String> delivered(String bucket) {
        List<String> lines = new ArrayList<>();
        for (S3Object o : S3Reads.objects(bucket)) {
            lines.addAll(List.of(S3Reads.text(bucket, o.key()).split("\n")));
        }
        return lines;
    }

    private static List<String> lines(String prefix, int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(prefix + "-" + i);
        }
        return lines;
    }

    @Test
    void aTopicsRecordsArriveInS3InOrderPerPartitionOnceAcrossARestart() throws Exception {
        String topic = FirehoseTestService.name("orders");
        String cluster = "arn:aws:kafka:us-east-1:000000000000:cluster/" + topic + "/0b2c3d4e-1111-2222-3333-444455556666-1";
        MskStandIn.cluster(cluster, broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        produce(topic, 0, lines("a", 0, 5));
        produce(topic, 1, lines("b", 0, 5));

        FirehoseClient firehose = FirehoseTestService.client();
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("msk");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType(DeliveryStreamType.MSK_AS_SOURCE)
                .mskSourceConfiguration(m -> m.mskClusterARN(cluster).topicName(topic)
                        .authenticationConfiguration(a -> a.roleARN(ROLE).connectivity("PUBLIC"))
                        .readFromTimestamp(Instant.EPOCH))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN(ROLE)
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))));
        var description = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription();
        MSKSourceDescription source = description.source().mskSourceDescription();
        assertThat(source.mskClusterARN()).isEqualTo(cluster);
        assertThat(source.topicName()).isEqualTo(topic);
        assertThat(source.readFromTimestamp()).isEqualTo(Instant.EPOCH);
        assertThat(source.deliveryStartTimestamp()).isNotNull();
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> firehose.describeDeliveryStream(b -> b
                .deliveryStreamName(name)).deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r
                .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("MSKAsSource");

        Awaitility.await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> delivered(bucket).size() >= 10);
        FirehoseTestService.restartFirehose();
        produce(topic, 0, lines("a", 5, 10));
        produce(topic, 1, lines("b", 5, 10));
        Awaitility.await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> delivered(bucket).size() >= 20);
        // a moment for anything delivered twice to show
        FirehoseTestService.bean(dev.overcast.firehose.delivery.DeliveryWorker.class).poll();
        List<String> all = delivered(bucket);
        List<String> expected = new ArrayList<>(lines("a", 0, 10));
        expected.addAll(lines("b", 0, 10));
        assertThat(all).as("each record once").containsExactlyInAnyOrderElementsOf(expected);
        // within an object, each partition's records in their order
        for (S3Object o : S3Reads.objects(bucket)) {
            List<String> in = List.of(S3Reads.text(bucket, o.key()).split("\n"));
            for (String p : List.of("a-", "b-")) {
                List<Integer> numbers = in.stream().filter(l -> l.startsWith(p))
                        .map(l -> Integer.parseInt(l.substring(2))).toList();
                assertThat(numbers).isSorted();
            }
        }
        FirehoseTestService.client().deleteDeliveryStream(b -> b.deliveryStreamName(name));
    }
}
