package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafka.model.ClusterType;
import software.amazon.awssdk.services.kafka.model.ConflictException;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/** One real single-broker cluster through its life: created, described, listed, used by Kafka clients, deleted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private final KafkaClient msk = KafkaTestService.client();
    private String name;
    private String arn;

    @BeforeAll
    void createCluster() {
        name = KafkaTestService.name("one");
        var created = msk.createCluster(b -> b.clusterName(name).kafkaVersion("4.4.x").numberOfBrokerNodes(1)
                .brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("subnet-1"))
                .tags(Map.of("team", "data")));
        arn = created.clusterArn();
        assertThat(created.stateAsString()).isEqualTo("CREATING");
        assertThat(arn).startsWith("arn:aws:kafka:us-east-1:000000000000:cluster/" + name + "/");
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
    }

    @AfterAll
    void deleteCluster() {
        if (arn != null) {
            msk.deleteCluster(b -> b.clusterArn(arn));
            KafkaTestService.awaitGone(msk, arn);
        }
    }

    @Test
    void describedAsMskDescribesIt() {
        var info = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo();
        assertThat(info.clusterName()).isEqualTo(name);
        assertThat(info.state()).isEqualTo(ClusterState.ACTIVE);
        assertThat(info.numberOfBrokerNodes()).isEqualTo(1);
        assertThat(info.currentBrokerSoftwareInfo().kafkaVersion()).isEqualTo("4.4.x");
        assertThat(info.brokerNodeGroupInfo().instanceType()).isEqualTo("kafka.t3.small");
        assertThat(info.currentVersion()).isNotBlank();
        assertThat(info.tags()).containsEntry("team", "data");
        var v2 = msk.describeClusterV2(b -> b.clusterArn(arn)).clusterInfo();
        assertThat(v2.clusterType()).isEqualTo(ClusterType.PROVISIONED);
        assertThat(v2.provisioned().numberOfBrokerNodes()).isEqualTo(1);
        var nodes = msk.listNodes(b -> b.clusterArn(arn)).nodeInfoList();
        assertThat(nodes).hasSize(1);
        assertThat(nodes.getFirst().brokerNodeInfo().brokerId()).isEqualTo(1.0);
    }

    @Test
    void listedWithFiltersAndPages() {
        assertThat(msk.listClusters(b -> b.clusterNameFilter(name)).clusterInfoList()).extracting(c -> c.clusterArn()).containsExactly(arn);
        assertThat(msk.listClustersV2(b -> b.clusterNameFilter(name).clusterTypeFilter("SERVERLESS")).clusterInfoList()).isEmpty();
        assertThat(msk.listClustersV2(b -> b.clusterNameFilter(name).clusterTypeFilter("PROVISIONED")).clusterInfoList()).hasSize(1);
        var page = msk.listClusters(b -> b.maxResults(1));
        assertThat(page.clusterInfoList()).hasSize(1);
    }

    @Test
    void producerAndConsumerUseTheBootstrapBrokers() throws Exception {
        String bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
        assertThat(bootstrap).matches("127\\.0\\.0\\.1:\\d+");
        String topic = "orders";
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        assertThat(consume(bootstrap, topic, 10)).hasSize(10).first().isEqualTo("v0");
    }

    /** Reads {@code count} values from partition 0 of the topic from the start. */
    static List<String> consume(String bootstrap, String topic, int count) {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return KafkaTestService.consume(cp, topic, count);
    }

    @Test
    void badRequestsAreMsksErrors() {
        assertThatThrownBy(() -> msk.createCluster(b -> b.clusterName(name).kafkaVersion("4.4.x").numberOfBrokerNodes(1)
                .brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("subnet-1"))))
                .isInstanceOf(ConflictException.class);
        // a version that needs ZooKeeper is refused, never swapped for another
        assertThatThrownBy(() -> msk.createCluster(b -> b.clusterName(KafkaTestService.name("zk")).kafkaVersion("2.8.1")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("subnet-1"))))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.invalidParameter()).isEqualTo("kafkaVersion"));
        assertThatThrownBy(() -> msk.createCluster(b -> b.clusterName(KafkaTestService.name("odd")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(3).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("a", "b"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("multiple of Availability Zones");
        String missing = arn.substring(0, arn.lastIndexOf('/')) + "/00000000-0000-0000-0000-000000000000-1";
        assertThatThrownBy(() -> msk.describeCluster(b -> b.clusterArn(missing)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        // a stale CurrentVersion changes nothing
        String version = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        assertThatThrownBy(() -> msk.updateBrokerCount(b -> b.clusterArn(arn).currentVersion("STALE").targetNumberOfBrokerNodes(2)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("STALE");
        assertThatThrownBy(() -> msk.deleteCluster(b -> b.clusterArn(arn).currentVersion("STALE")))
                .isInstanceOf(BadRequestException.class);
        assertThat(msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion()).isEqualTo(version);
    }

    @Test
    void tagsAndPolicy() {
        msk.tagResource(b -> b.resourceArn(arn).tags(Map.of("env", "test")));
        assertThat(msk.listTagsForResource(b -> b.resourceArn(arn)).tags()).containsEntry("env", "test").containsEntry("team", "data");
        msk.untagResource(b -> b.resourceArn(arn).tagKeys("env"));
        assertThat(msk.listTagsForResource(b -> b.resourceArn(arn)).tags()).doesNotContainKey("env");

        assertThatThrownBy(() -> msk.getClusterPolicy(b -> b.clusterArn(arn))).isInstanceOf(NotFoundException.class);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        String v = msk.putClusterPolicy(b -> b.clusterArn(arn).policy(policy)).currentVersion();
        var got = msk.getClusterPolicy(b -> b.clusterArn(arn));
        assertThat(got.policy()).isEqualTo(policy);
        assertThat(got.currentVersion()).isEqualTo(v);
        assertThatThrownBy(() -> msk.putClusterPolicy(b -> b.clusterArn(arn).policy("not json"))).isInstanceOf(BadRequestException.class);
        msk.deleteClusterPolicy(b -> b.clusterArn(arn));
        assertThatThrownBy(() -> msk.getClusterPolicy(b -> b.clusterArn(arn))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void versions() {
        assertThat(msk.listKafkaVersions(b -> { }).kafkaVersions()).extracting(v -> v.version()).containsExactly("4.0.x", "4.4.x");
        var compatible = msk.getCompatibleKafkaVersions(b -> b.clusterArn(arn)).compatibleKafkaVersions();
        assertThat(compatible).hasSize(1);
        assertThat(compatible.getFirst().sourceVersion()).isEqualTo("4.4.x");
        assertThat(compatible.getFirst().targetVersions()).isEmpty();
    }

    @Test
    void serverlessClustersAreRecordedAndListedByType() {
        String serverless = msk.createClusterV2(b -> b.clusterName(KafkaTestService.name("sls"))
                .serverless(s -> s.vpcConfigs(v -> v.subnetIds("subnet-1")))).clusterArn();
        try {
            var info = msk.describeClusterV2(b -> b.clusterArn(serverless)).clusterInfo();
            assertThat(info.clusterType()).isEqualTo(ClusterType.SERVERLESS);
            assertThat(info.serverless().vpcConfigs().getFirst().subnetIds()).containsExactly("subnet-1");
            assertThat(msk.listClustersV2(b -> b.clusterTypeFilter("SERVERLESS")).clusterInfoList())
                    .extracting(c -> c.clusterArn()).contains(serverless).doesNotContain(arn);
            assertThatThrownBy(() -> msk.describeCluster(b -> b.clusterArn(serverless))).isInstanceOf(BadRequestException.class);
            assertThatThrownBy(() -> msk.createClusterV2(b -> b.clusterName(KafkaTestService.name("none"))))
                    .isInstanceOf(BadRequestException.class);
        } finally {
            msk.deleteCluster(b -> b.clusterArn(serverless));
        }
    }

    @Test
    void actionsNotServedSaySo() {
        assertThatThrownBy(() -> msk.updateRebalancing(b -> b.clusterArn(arn).currentVersion("x").rebalancing(r -> r.status("ACTIVE"))))
                .isInstanceOfSatisfying(software.amazon.awssdk.awscore.exception.AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.getMessage()).contains("UpdateRebalancing");
                });
    }

    /** Broker type and storage changes are recorded as operations and reported, checked as MSK checks them. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void brokerTypeAndStorageAreRecorded() {
        String version = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        assertThatThrownBy(() -> msk.updateBrokerStorage(b -> b.clusterArn(arn).currentVersion(version)
                .targetBrokerEBSVolumeInfo(v -> v.kafkaBrokerNodeId("All").volumeSizeGB(500))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("greater than the current volume size");
        String op = msk.updateBrokerStorage(b -> b.clusterArn(arn).currentVersion(version)
                .targetBrokerEBSVolumeInfo(v -> v.kafkaBrokerNodeId("All").volumeSizeGB(2000))).clusterOperationArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        var info = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo();
        assertThat(info.brokerNodeGroupInfo().storageInfo().ebsStorageInfo().volumeSize()).isEqualTo(2000);
        assertThat(msk.describeClusterOperation(b -> b.clusterOperationArn(op)).clusterOperationInfo()
                .targetClusterInfo().brokerEBSVolumeInfo().getFirst().volumeSizeGB()).isEqualTo(2000);
        msk.updateBrokerType(b -> b.clusterArn(arn).currentVersion(info.currentVersion()).targetInstanceType("kafka.m5.large"));
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        assertThat(msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().brokerNodeGroupInfo().instanceType()).isEqualTo("kafka.m5.large");
    }

    /** Last: the cluster grows to two brokers; the topic's partitions stay on broker 1, as on MSK. */
    @Test
    @Order(Integer.MAX_VALUE)
    void updateBrokerCountAddsBrokers() throws Exception {
        String version = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        String op = msk.updateBrokerCount(b -> b.clusterArn(arn).currentVersion(version).targetNumberOfBrokerNodes(2))
                .clusterOperationArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        var operation = msk.describeClusterOperation(b -> b.clusterOperationArn(op)).clusterOperationInfo();
        assertThat(operation.operationType()).isEqualTo("INCREASE_BROKER_COUNT");
        assertThat(operation.operationState()).isEqualTo("UPDATE_COMPLETE");
        assertThat(operation.targetClusterInfo().numberOfBrokerNodes()).isEqualTo(2);
        assertThat(msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().numberOfBrokerNodes()).isEqualTo(2);
        assertThat(msk.listNodes(b -> b.clusterArn(arn)).nodeInfoList()).hasSize(2);
        String bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
        assertThat(bootstrap.split(",")).hasSize(2);
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(2);
            var topic = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
            assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
        }
    }
}
