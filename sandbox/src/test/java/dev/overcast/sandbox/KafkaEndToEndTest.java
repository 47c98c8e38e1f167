package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/** MSK through the sandbox's single endpoint (routed by path and signing name): a real cluster used by Kafka clients. */
class KafkaEndToEndTest {

    @Test
    void clusterThroughTheGatewayServesKafkaClients() throws Exception {
        try (KafkaClient msk = KafkaClient.builder().endpointOverride(URI.create(SharedSandbox.get().endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(msk.listKafkaVersions(b -> { }).kafkaVersions()).isNotEmpty();
            String arn = msk.createClusterV2(b -> b.clusterName("e2e-" + System.nanoTime()).provisioned(p -> p.kafkaVersion("4.4.x")
                    .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("s")))).clusterArn();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (msk.describeClusterV2(b -> b.clusterArn(arn)).clusterInfo().state() != ClusterState.ACTIVE) {
                assertThat(System.nanoTime()).as("cluster ACTIVE in time").isLessThan(deadline);
                Thread.sleep(200);
            }
            String bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            // MSK's default: no auto-created topics
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("e2e", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                producer.send(new ProducerRecord<>("e2e", 0, "k", "through the sandbox")).get();
            }
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
                TopicPartition tp = new TopicPartition("e2e", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<String> values = new java.util.ArrayList<>();
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.isEmpty() && System.nanoTime() < until) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("through the sandbox");
            }
            msk.deleteCluster(b -> b.clusterArn(arn));
            long gone = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < gone) {
                try {
                    msk.describeClusterV2(b -> b.clusterArn(arn));
                    Thread.sleep(200);
                } catch (NotFoundException e) {
                    return;
                }
            }
            assertThatThrownBy(() -> msk.describeClusterV2(b -> b.clusterArn(arn))).isInstanceOf(NotFoundException.class);
        }
    }
}
