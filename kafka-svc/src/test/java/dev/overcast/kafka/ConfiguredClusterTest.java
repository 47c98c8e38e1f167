package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/**
 * A two-broker cluster with a configuration (no auto-created topics, a retention) and SASL/SCRAM on: the brokers run
 * with the configuration, SCRAM secrets authenticate, UpdateClusterConfiguration rolls every broker to a new
 * revision, RebootBroker restarts one, each tracked as an operation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfiguredClusterTest {

    private final KafkaClient msk = KafkaTestService.client();
    private String configuration;
    private String arn;
    private String bootstrap;

    @BeforeAll
    void createCluster() {
        configuration = msk.createConfiguration(b -> b.name(KafkaTestService.name("strict")).kafkaVersions("4.4.x")
                .serverProperties(SdkBytes.fromString("auto.create.topics.enable=false\nlog.retention.ms=3600000\n"
                        + "zookeeper.session.timeout.ms=18000\n", StandardCharsets.UTF_8))).arn();
        arn = msk.createCluster(b -> b.clusterName(KafkaTestService.name("two")).kafkaVersion("4.4.x").numberOfBrokerNodes(2)
                .brokerNodeGroupInfo(g -> g.instanceType("kafka.m5.large").clientSubnets("subnet-a", "subnet-b"))
                .configurationInfo(c -> c.arn(configuration).revision(1L))
                .clientAuthentication(a -> a.sasl(s -> s.scram(sc -> sc.enabled(true))))).clusterArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerString();
    }

    @AfterAll
    void deleteCluster() {
        if (arn != null) {
            msk.deleteCluster(b -> b.clusterArn(arn));
            KafkaTestService.awaitGone(msk, arn);
        }
    }

    private Map<String, String> brokerConfig(Admin admin, int broker, String... names) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        Map<String, String> out = new java.util.HashMap<>();
        for (String n : names) {
            out.put(n, config.get(n).value());
        }
        return out;
    }

    @Test
    @Order(1)
    void everyBrokerRunsWithTheConfiguration() throws Exception {
        assertThat(bootstrap.split(",")).hasSize(2);
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(2);
            for (int broker = 1; broker <= 2; broker++) {
                assertThat(brokerConfig(admin, broker, "log.retention.ms", "auto.create.topics.enable"))
                        .containsEntry("log.retention.ms", "3600000").containsEntry("auto.create.topics.enable", "false");
            }
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "v")).get())
                    .hasMessageContaining("not present in metadata");
        }
    }

    @Test
    @Order(2)
    void scramSecretsAuthenticate() throws Exception {
        var associated = msk.batchAssociateScramSecret(b -> b.clusterArn(arn).secretArnList(KafkaTestService.SCRAM_SECRET,
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:AmazonMSK_nobody-x1"));
        assertThat(associated.unprocessedScramSecrets()).extracting(u -> u.secretArn())
                .containsExactly("arn:aws:secretsmanager:us-east-1:000000000000:secret:AmazonMSK_nobody-x1");
        assertThat(msk.listScramSecrets(b -> b.clusterArn(arn)).secretArnList()).containsExactly(KafkaTestService.SCRAM_SECRET);

        String scram = msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerStringSaslScram();
        assertThat(scram).isNotBlank().isNotEqualTo(bootstrap);
        // SCRAM only: no TLS listener for unauthenticated clients
        assertThat(msk.getBootstrapBrokers(b -> b.clusterArn(arn)).bootstrapBrokerStringTls()).isNull();
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 2))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(scramClient(scram, "alice-secret"))) {
            producer.send(new ProducerRecord<>("secured", 0, "k", "for alice")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(scramClient(scram, "wrong"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secured", 0, "k", "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(ClusterTest.consume(bootstrap, "secured", 1)).containsExactly("for alice");
    }

    /** SASL/SCRAM over TLS (MSK's port 9096), the suite's CA trusted. */
    private static Properties scramClient(String bootstrap, String password) {
        Properties p = new Properties();
        p.put(org.apache.kafka.common.config.SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(org.apache.kafka.common.config.SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, KafkaTestService.caPem(
                KafkaTestService.endpoint(), java.nio.file.Path.of("target", "configured-cluster-ca.pem")).toString());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"alice\" password=\"" + password + "\";");
        return p;
    }

    @Test
    @Order(3)
    void updateClusterConfigurationRollsEveryBroker() throws Exception {
        msk.updateConfiguration(b -> b.arn(configuration).serverProperties(SdkBytes.fromString(
                "auto.create.topics.enable=false\nlog.retention.ms=7200000\n", StandardCharsets.UTF_8)));
        String version = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentVersion();
        String op = msk.updateClusterConfiguration(b -> b.clusterArn(arn).currentVersion(version)
                .configurationInfo(c -> c.arn(configuration).revision(2L))).clusterOperationArn();
        var during = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo();
        assertThat(during.currentVersion()).isNotEqualTo(version);
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        var info = msk.describeClusterOperation(b -> b.clusterOperationArn(op)).clusterOperationInfo();
        assertThat(info.operationType()).isEqualTo("UPDATE_CLUSTER_CONFIGURATION");
        assertThat(info.operationState()).isEqualTo("UPDATE_COMPLETE");
        assertThat(info.operationSteps()).extracting(s -> s.stepInfo().stepStatus()).containsOnly("SUCCEEDED");
        assertThat(info.sourceClusterInfo().configurationInfo().revision()).isEqualTo(1L);
        assertThat(info.targetClusterInfo().configurationInfo().revision()).isEqualTo(2L);
        assertThat(msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().currentBrokerSoftwareInfo().configurationRevision())
                .isEqualTo(2L);
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            for (int broker = 1; broker <= 2; broker++) {
                assertThat(brokerConfig(admin, broker, "log.retention.ms")).containsEntry("log.retention.ms", "7200000");
            }
        }
        assertThat(msk.listClusterOperations(b -> b.clusterArn(arn)).clusterOperationInfoList())
                .extracting(o -> o.operationArn()).contains(op);
        assertThat(msk.listClusterOperationsV2(b -> b.clusterArn(arn)).clusterOperationInfoList())
                .extracting(o -> o.operationArn()).contains(op);
    }

    @Test
    @Order(4)
    void rebootBrokerRestartsOneBrokerAndKeepsTheData() {
        String op = msk.rebootBroker(b -> b.clusterArn(arn).brokerIds("2")).clusterOperationArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        var info = msk.describeClusterOperationV2(b -> b.clusterOperationArn(op)).clusterOperationInfo();
        assertThat(info.operationType()).isEqualTo("REBOOT_NODE");
        assertThat(info.operationState()).isEqualTo("UPDATE_COMPLETE");
        assertThat(ClusterTest.consume(bootstrap, "secured", 1)).containsExactly("for alice");
    }
}
