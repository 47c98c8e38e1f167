package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.ClusterInfo;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/**
 * External mode (OVERCAST_KAFKA_EXTERNAL_BOOTSTRAP): a second service maps its clusters onto an existing Kafka cluster
 * (here a cluster of the test's own service, a real broker): ACTIVE once it answers, its address and brokers reported,
 * configurations applied at runtime, nothing started or stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalModeTest {

    private final KafkaClient backing = KafkaTestService.client();
    private String backingArn;
    private String bootstrap;
    private Path data;
    private ConfigurableApplicationContext service;
    private KafkaClient msk;

    @BeforeAll
    void startExistingKafkaAndExternalService() throws Exception {
        backingArn = backing.createCluster(b -> b.clusterName(KafkaTestService.name("existing")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("s")))
                .clusterArn();
        KafkaTestService.await(backing, backingArn, ClusterState.ACTIVE);
        bootstrap = backing.getBootstrapBrokers(b -> b.clusterArn(backingArn)).bootstrapBrokerString();
        data = Files.createTempDirectory("overcast-kafka-external");
        service = KafkaTestService.start("kafka_external", data, Map.of("overcast.kafka.external-bootstrap", bootstrap));
        msk = KafkaTestService.client(URI.create("http://localhost:" + service.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (backingArn != null) {
            backing.deleteCluster(b -> b.clusterArn(backingArn));
            KafkaTestService.awaitGone(backing, backingArn);
        }
        TestDatabase.deleteRecursively(data);
    }

    private static SdkBytes props(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    private String brokerSetting(String name) throws Exception {
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            return config.get(name).value();
        }
    }

    @Test
    void clustersAreTheExistingKafkaWithTheirConfigurationApplied() throws Exception {
        String configuration = msk.createConfiguration(b -> b.name(KafkaTestService.name("ext")).kafkaVersions("4.4.x")
                .serverProperties(props("log.retention.ms=7200000\n"))).arn();
        String arn = msk.createCluster(b -> b.clusterName(KafkaTestService.name("mapped")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(3).brokerNodeGroupInfo(g -> g.instanceType("kafka.m5.large").clientSubnets("a", "b", "c"))
                .configurationInfo(c -> c.arn(configuration).revision(1L))).clusterArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        // started nothing: no broker folders under the external service's data directory
        assertThat(data.resolve("msk").resolve(Arns.resourceId(arn))).doesNotExist();

        var brokers = msk.getBootstrapBrokers(b -> b.clusterArn(arn));
        assertThat(brokers.bootstrapBrokerString()).isEqualTo(bootstrap);
        assertThat(brokers.bootstrapBrokerStringTls()).isNull();
        var nodes = msk.listNodes(b -> b.clusterArn(arn)).nodeInfoList();
        assertThat(nodes).hasSize(1); // the existing cluster's one broker, whatever the cluster asked for
        assertThat(nodes.getFirst().brokerNodeInfo().brokerId()).isEqualTo(1.0);
        assertThat(nodes.getFirst().brokerNodeInfo().endpoints()).containsExactly(bootstrap.substring(0, bootstrap.lastIndexOf(':')));
        assertThat(brokerSetting("log.retention.ms")).isEqualTo("7200000");

        // a new revision is applied at runtime by UpdateClusterConfiguration
        msk.updateConfiguration(b -> b.arn(configuration).serverProperties(props("log.retention.ms=10800000\n")));
        String version = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        String op = msk.updateClusterConfiguration(b -> b.clusterArn(arn).currentVersion(version)
                .configurationInfo(c -> c.arn(configuration).revision(2L))).clusterOperationArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        assertThat(msk.describeClusterOperation(b -> b.clusterOperationArn(op)).clusterOperationInfo().operationState())
                .isEqualTo("UPDATE_COMPLETE");
        assertThat(brokerSetting("log.retention.ms")).isEqualTo("10800000");

        // the brokers are not this service's: no reboot, no new brokers, no other version
        String now = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        assertThatThrownBy(() -> msk.rebootBroker(b -> b.clusterArn(arn).brokerIds("1")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("external mode");
        assertThatThrownBy(() -> msk.updateBrokerCount(b -> b.clusterArn(arn).currentVersion(now).targetNumberOfBrokerNodes(6)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("external mode");
        assertThat(msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion()).isEqualTo(now);

        // deleting the cluster leaves the existing Kafka as it was
        msk.deleteCluster(b -> b.clusterArn(arn));
        KafkaTestService.awaitGone(msk, arn);
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("still-there", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("still-there");
        }
    }

    @Test
    void aSettingKafkaCannotChangeAtRuntimeFailsTheClusterWithKafkasMessage() {
        String configuration = msk.createConfiguration(b -> b.name(KafkaTestService.name("static"))
                .serverProperties(props("auto.create.topics.enable=false\nlog.retention.ms=5400000\n"))).arn();
        String arn = msk.createCluster(b -> b.clusterName(KafkaTestService.name("refused")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("s"))
                .configurationInfo(c -> c.arn(configuration).revision(1L))).clusterArn();
        ClusterInfo info = awaitSettled(arn);
        assertThat(info.state()).isEqualTo(ClusterState.FAILED);
        assertThat(info.stateInfo().message()).contains("auto.create.topics.enable");
        msk.deleteCluster(b -> b.clusterArn(arn));
        KafkaTestService.awaitGone(msk, arn);
    }

    @Test
    void saslAndTlsOnlyClustersAreRefused() {
        assertThatThrownBy(() -> msk.createCluster(b -> b.clusterName(KafkaTestService.name("iam")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("s"))
                .clientAuthentication(a -> a.sasl(s -> s.iam(i -> i.enabled(true))))))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.invalidParameter()).isEqualTo("clientAuthentication");
                });
    }

    private ClusterInfo awaitSettled(String arn) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            ClusterInfo info = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo();
            if (info.state() != ClusterState.CREATING || System.nanoTime() > deadline) {
                return info;
            }
            KafkaTestService.sleep(100);
        }
    }
}
