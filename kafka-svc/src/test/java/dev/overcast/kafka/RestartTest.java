package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/** A service restart brings every ACTIVE cluster back with its topics and messages; its brokers stop with it. */
class RestartTest {

    private static URI endpoint(ConfigurableApplicationContext service) {
        return URI.create("http://localhost:" + service.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @Test
    void messagesWrittenBeforeARestartAreConsumedAfterIt() throws Exception {
        Path data = Files.createTempDirectory("overcast-kafka-restart");
        ConfigurableApplicationContext service = KafkaTestService.start("kafka_restart", data);
        String arn = null;
        KafkaClient msk = null;
        try {
            msk = KafkaTestService.client(endpoint(service));
            KafkaClient first = msk;
            arn = first.createCluster(b -> b.clusterName(KafkaTestService.name("durable")).kafkaVersion("4.4.x")
                    .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("s")))
                    .clusterArn();
            String clusterArn = arn;
            KafkaTestService.await(first, arn, ClusterState.ACTIVE);
            String bootstrap = first.getBootstrapBrokers(b -> b.clusterArn(clusterArn)).bootstrapBrokerString();
            try (Admin admin = KafkaTestService.admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic("durable", 1, (short) 1))).all().get();
            }
            var pp = new java.util.Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                producer.send(new ProducerRecord<>("durable", 0, "k", "before the restart")).get();
            }
            Path pidFile = data.resolve("msk").resolve(Arns.resourceId(arn)).resolve("broker-1").resolve("broker.pid");
            long pid = Long.parseLong(Files.readString(pidFile).trim());

            service.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            service = KafkaTestService.start("kafka_restart", data);
            msk = KafkaTestService.client(endpoint(service));
            KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
            KafkaClient second = msk;
            assertThat(second.getBootstrapBrokers(b -> b.clusterArn(clusterArn)).bootstrapBrokerString()).isEqualTo(bootstrap);
            assertThat(ClusterTest.consume(bootstrap, "durable", 1)).containsExactly("before the restart");
        } finally {
            if (arn != null && msk != null) {
                String clusterArn = arn;
                KafkaClient last = msk;
                last.deleteCluster(b -> b.clusterArn(clusterArn));
                KafkaTestService.awaitGone(last, arn);
                assertThat(data.resolve("msk").resolve(Arns.resourceId(arn))).doesNotExist();
            }
            service.close();
            TestDatabase.deleteRecursively(data);
        }
    }
}
