package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/**
 * A cluster of three brokers, all started side by side (each formats its own storage) with the class data archive in
 * place: every broker joins, a topic replicated three times takes acknowledged writes, and deleting the cluster stops
 * them all.
 */
class ThreeBrokerClusterTest {

    private final KafkaClient msk = KafkaTestService.client();

    @Test
    void threeBrokersServeOneReplicatedTopic() throws Exception {
        String arn = msk.createCluster(b -> b.clusterName(KafkaTestService.name("three")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(3).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("a", "b", "c")))
                .clusterArn();
        try {
            KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
            assertThat(msk.listNodes(b -> b.clusterArn(arn)).nodeInfoList()).extracting(n -> n.brokerNodeInfo().brokerId())
                    .containsExactlyInAnyOrder(1.0, 2.0, 3.0);
            String bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
            assertThat(bootstrap.split(",")).hasSize(3);
            try (Admin admin = KafkaTestService.admin(bootstrap)) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3))).all().get();
                assertThat(admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated")
                        .partitions().getFirst().replicas()).hasSize(3);
            }
            assertStartedWithClassArchive(arn, 3);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("replicated", "k", "v" + i)).get();
                }
            }
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            assertThat(KafkaTestService.consume(c, "replicated", 3)).containsExactly("v0", "v1", "v2");
        } finally {
            msk.deleteCluster(b -> b.clusterArn(arn));
            KafkaTestService.awaitGone(msk, arn);
        }
    }

    /**
     * Every broker of the cluster started with its Kafka version's class data archive in place (its JVM names it and
     * it was written before the broker started): the service's trainer broker writes it when the service starts, so
     * even the brokers of a new data directory's first cluster do not start cold.
     */
    private static void assertStartedWithClassArchive(String arn, int brokers) throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(KafkaTestService.dataDir().resolve("engines"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("kafka-4\\.4\\.0-java-.*\\.jsa")).findFirst().orElseThrow();
        }
        for (int id = 1; id <= brokers; id++) {
            Path pidFile = KafkaTestService.dataDir().resolve("msk").resolve(Arns.resourceId(arn)).resolve("broker-" + id)
                    .resolve("broker.pid");
            String pid = Files.readString(pidFile).trim();
            String commandLine = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            assertThat(commandLine).contains("-XX:SharedArchiveFile=" + archive);
            assertThat(Files.getLastModifiedTime(archive)).isLessThan(Files.getLastModifiedTime(pidFile));
        }
    }
}
