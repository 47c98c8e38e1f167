package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/**
 * Two clusters of two Kafka versions run those versions (the newest metadata version each broker supports, as the
 * broker itself reports it), and UpdateClusterKafkaVersion rolls the older one onto the newer binaries with its data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionsTest {

    private final KafkaClient msk = KafkaTestService.client();
    private String older;
    private String newer;

    @BeforeAll
    void createClusters() {
        older = create("4.0.x");
        newer = create("4.4.x");
        KafkaTestService.await(msk, older, ClusterState.ACTIVE);
        KafkaTestService.await(msk, newer, ClusterState.ACTIVE);
    }

    private String create(String version) {
        return msk.createCluster(b -> b.clusterName(KafkaTestService.name("v" + version.charAt(2))).kafkaVersion(version)
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("subnet-1")))
                .clusterArn();
    }

    @AfterAll
    void deleteClusters() {
        for (String arn : new String[] {older, newer}) {
            if (arn != null) {
                msk.deleteCluster(b -> b.clusterArn(arn));
            }
        }
        for (String arn : new String[] {older, newer}) {
            if (arn != null) {
                KafkaTestService.awaitGone(msk, arn);
            }
        }
    }

    private String bootstrap(String arn) {
        return msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
    }

    /** The newest metadata.version the broker supports: each Kafka release raises it. */
    private short newestMetadataVersion(String arn) throws Exception {
        try (Admin admin = KafkaTestService.admin(bootstrap(arn))) {
            return admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .supportedFeatures().get("metadata.version").maxVersion();
        }
    }

    @Test
    void eachClusterRunsItsVersionAndTheOlderOneUpgrades() throws Exception {
        assertThat(msk.describeCluster(b -> b.clusterArn(older)).clusterInfo().currentBrokerSoftwareInfo().kafkaVersion()).isEqualTo("4.0.x");
        short v40 = newestMetadataVersion(older);
        short v44 = newestMetadataVersion(newer);
        assertThat(v40).isLessThan(v44);
        assertThat(msk.getCompatibleKafkaVersions(b -> b.clusterArn(older)).compatibleKafkaVersions().getFirst().targetVersions())
                .containsExactly("4.4.x");

        String bootstrap = bootstrap(older);
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
        }
        var pp = new java.util.Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.send(new ProducerRecord<>("kept", 0, "k", "written on 4.0")).get();
        }

        String version = msk.describeCluster(b -> b.clusterArn(older)).clusterInfo().currentVersion();
        String op = msk.updateClusterKafkaVersion(b -> b.clusterArn(older).currentVersion(version).targetKafkaVersion("4.4.x"))
                .clusterOperationArn();
        KafkaTestService.await(msk, older, ClusterState.ACTIVE);
        assertThat(msk.describeClusterOperation(b -> b.clusterOperationArn(op)).clusterOperationInfo().operationState())
                .isEqualTo("UPDATE_COMPLETE");
        assertThat(msk.describeCluster(b -> b.clusterArn(older)).clusterInfo().currentBrokerSoftwareInfo().kafkaVersion()).isEqualTo("4.4.x");
        assertThat(newestMetadataVersion(older)).isEqualTo(v44);
        assertThat(ClusterTest.consume(bootstrap, "kept", 1)).containsExactly("written on 4.0");
    }
}
