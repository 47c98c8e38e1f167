package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.s3.S3Application;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.BadRequestException;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * MSK Connect on real Kafka Connect workers: the FileStream connectors' jar (Apache Kafka's connect-file) uploaded to
 * the suite's S3 as a custom plugin, a worker configuration, a source connector against a real MSK cluster that moves
 * a file's lines into a topic; an update as an operation; the connector started again by a service restart; deleted
 * with its worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));

    private ConfigurableApplicationContext s3Service;
    private ConfigurableApplicationContext service;
    private Path data;
    private Path input;
    private KafkaClient msk;
    private KafkaConnectClient connect;
    private String clusterArn;
    private String bootstrap;
    private String pluginArn;
    private String workerConfigurationArn;
    private String connectorArn;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("overcast-msk-connect");
        input = data.resolve("input.txt");
        Files.writeString(input, "first line\nsecond line\n");
        s3Service = S3Application.builder().properties(Map.of("spring.datasource.url", TestDatabase.jdbcUrl("s3_connect"),
                "overcast.db.schema", "s3_connect", "spring.flyway.schemas", "s3_connect",
                "spring.flyway.default-schema", "s3_connect", "server.port", 0, "spring.main.banner-mode", "off")).run();
        startService(0);
        String name = KafkaTestService.name("connect");
        clusterArn = msk.createCluster(b -> b.clusterName(name).kafkaVersion("4.4.x").numberOfBrokerNodes(1)
                .brokerNodeGroupInfo(g -> g.instanceType("kafka.t3.small").clientSubnets("subnet-1"))).clusterArn();
        KafkaTestService.await(msk, clusterArn, ClusterState.ACTIVE);
        bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(clusterArn)).bootstrapBrokerString();
        try (Admin admin = KafkaTestService.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("lines", 1, (short) 1))).all().get();
        }
    }

    private void startService(int port) {
        service = KafkaTestService.start("kafka_connect", data, Map.of("overcast.kafka.s3-url",
                "http://localhost:" + port(s3Service), "server.port", port));
        URI endpoint = URI.create("http://localhost:" + port(service));
        msk = KafkaTestService.client(endpoint);
        connect = KafkaConnectClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    void stop() {
        try {
            if (clusterArn != null) {
                msk.deleteCluster(b -> b.clusterArn(clusterArn));
                KafkaTestService.awaitGone(msk, clusterArn);
            }
        } finally {
            service.close();
            s3Service.close();
            TestDatabase.deleteRecursively(data);
        }
    }

    @Test
    @Order(1)
    void aPluginUploadedToS3IsReadAtItsVersion() throws Exception {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://localhost:" + port(s3Service)))
                .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.createBucket(b -> b.bucket("plugins"));
            s3.putBucketVersioning(b -> b.bucket("plugins").versioningConfiguration(v -> v.status("Enabled")));
            String version = s3.putObject(b -> b.bucket("plugins").key("connect-file.jar"),
                    RequestBody.fromFile(connectFileJar())).versionId();
            // a later object under the same key is not what the plugin reads
            s3.putObject(b -> b.bucket("plugins").key("connect-file.jar"), RequestBody.fromString("not a jar"));
            var created = connect.createCustomPlugin(b -> b.name("file-connectors").contentType("JAR")
                    .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::plugins").fileKey("connect-file.jar")
                            .objectVersion(version))));
            pluginArn = created.customPluginArn();
            assertThat(created.customPluginState()).isEqualTo(CustomPluginState.CREATING);
            assertThat(pluginArn).startsWith("arn:aws:kafkaconnect:us-east-1:000000000000:custom-plugin/file-connectors/");
        }
        await("the plugin ACTIVE", () -> connect.describeCustomPlugin(b -> b.customPluginArn(pluginArn))
                .customPluginState() == CustomPluginState.ACTIVE);
        var plugin = connect.describeCustomPlugin(b -> b.customPluginArn(pluginArn));
        assertThat(plugin.latestRevision().fileDescription().fileSize()).isEqualTo(Files.size(connectFileJar()));
        assertThat(plugin.latestRevision().contentTypeAsString()).isEqualTo("JAR");
        assertThat(connect.listCustomPlugins(b -> b.namePrefix("file-")).customPlugins())
                .extracting(p -> p.customPluginArn()).containsExactly(pluginArn);
        // /v1/tags/{arn} is MSK's path too: the signing name (kafkaconnect) takes the request to MSK Connect
        connect.tagResource(b -> b.resourceArn(pluginArn).tags(Map.of("team", "data")));
        assertThat(connect.listTagsForResource(b -> b.resourceArn(pluginArn)).tags()).containsEntry("team", "data");

        String properties = "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                + "value.converter=org.apache.kafka.connect.storage.StringConverter\n";
        workerConfigurationArn = connect.createWorkerConfiguration(b -> b.name("strings")
                .propertiesFileContent(Base64.getEncoder().encodeToString(properties.getBytes(StandardCharsets.UTF_8))))
                .workerConfigurationArn();
        var described = connect.describeWorkerConfiguration(b -> b.workerConfigurationArn(workerConfigurationArn));
        assertThat(new String(Base64.getDecoder().decode(described.latestRevision().propertiesFileContent()),
                StandardCharsets.UTF_8)).isEqualTo(properties);
        assertThat(described.latestRevision().revision()).isEqualTo(1L);
    }

    @Test
    @Order(2)
    void mistakesGetMskConnectsErrors() {
        assertThatThrownBy(() -> connect.createWorkerConfiguration(b -> b.name("mine")
                .propertiesFileContent(Base64.getEncoder().encodeToString("bootstrap.servers=elsewhere:9092".getBytes()))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("bootstrap.servers");
        String missing = pluginArn.replace("file-connectors", "nothing");
        assertThatThrownBy(() -> connect.createConnector(connector("broken", missing)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> connect.describeConnector(b -> b.connectorArn(
                "arn:aws:kafkaconnect:us-east-1:000000000000:connector/none/x-1")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404));
    }

    @Test
    @Order(3)
    void aSourceConnectorRunsOnARealWorkerAndMovesRecords() {
        long started = System.nanoTime();
        var created = connect.createConnector(connector("file-source", pluginArn));
        connectorArn = created.connectorArn();
        assertThat(created.connectorState()).isEqualTo(ConnectorState.CREATING);
        awaitState(ConnectorState.RUNNING);
        System.out.printf("MSK Connect: CreateConnector -> RUNNING in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        var described = connect.describeConnector(b -> b.connectorArn(connectorArn));
        assertThat(described.connectorName()).isEqualTo("file-source");
        assertThat(described.capacity().provisionedCapacity().workerCount()).isEqualTo(1);
        assertThat(described.plugins().getFirst().customPlugin().customPluginArn()).isEqualTo(pluginArn);
        assertThat(described.workerConfiguration().workerConfigurationArn()).isEqualTo(workerConfigurationArn);
        assertThat(described.kafkaCluster().apacheKafkaCluster().bootstrapServers()).isEqualTo(bootstrap);
        assertThat(connect.listConnectors(b -> b.connectorNamePrefix("file-")).connectors())
                .extracting(c -> c.connectorArn()).containsExactly(connectorArn);

        assertThat(consume(2)).containsExactly("first line", "second line");
    }

    @Test
    @Order(4)
    void aCapacityUpdateIsAnOperation() {
        String version = connect.describeConnector(b -> b.connectorArn(connectorArn)).currentVersion();
        assertThatThrownBy(() -> connect.updateConnector(b -> b.connectorArn(connectorArn).currentVersion("STALE")
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(2).workerCount(2)))))
                .isInstanceOf(BadRequestException.class);
        var update = connect.updateConnector(b -> b.connectorArn(connectorArn).currentVersion(version)
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(2).workerCount(2))));
        assertThat(update.connectorState()).isEqualTo(ConnectorState.UPDATING);
        awaitState(ConnectorState.RUNNING);
        var op = connect.describeConnectorOperation(b -> b.connectorOperationArn(update.connectorOperationArn()));
        assertThat(op.connectorOperationStateAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(op.targetWorkerSetting().capacity().provisionedCapacity().workerCount()).isEqualTo(2);
        assertThat(connect.describeConnector(b -> b.connectorArn(connectorArn)).capacity().provisionedCapacity().mcuCount())
                .isEqualTo(2);
        assertThat(connect.listConnectorOperations(b -> b.connectorArn(connectorArn)).connectorOperations()).hasSize(1);
    }

    @Test
    @Order(5)
    void aServiceRestartStartsTheConnectorAgain() throws Exception {
        int port = port(service);
        long before = workerPid();
        service.close();
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        startService(port);
        awaitState(ConnectorState.RUNNING);
        Files.writeString(input, "third line\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(consume(3)).containsExactly("first line", "second line", "third line");
    }

    @Test
    @Order(6)
    void deleteStopsTheWorker() throws Exception {
        long pid = workerPid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        assertThatThrownBy(() -> connect.deleteCustomPlugin(b -> b.customPluginArn(pluginArn)))
                .isInstanceOf(BadRequestException.class);
        assertThat(connect.deleteConnector(b -> b.connectorArn(connectorArn)).connectorState())
                .isEqualTo(ConnectorState.DELETING);
        await("the connector gone", () -> {
            try {
                connect.describeConnector(b -> b.connectorArn(connectorArn));
                return false;
            } catch (NotFoundException e) {
                return true;
            }
        });
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        connect.deleteCustomPlugin(b -> b.customPluginArn(pluginArn));
        connect.deleteWorkerConfiguration(b -> b.workerConfigurationArn(workerConfigurationArn));
        assertThat(connect.listCustomPlugins(b -> b.namePrefix("file-")).customPlugins()).isEmpty();
    }

    private CreateConnectorRequest connector(String name, String plugin) {
        return CreateConnectorRequest.builder().connectorName(name).kafkaConnectVersion("3.7.x")
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(1).workerCount(1)))
                .connectorConfiguration(Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                        "tasks.max", "1", "file", input.toString(), "topic", "lines"))
                .kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers(bootstrap).vpc(v -> v.subnets("subnet-1"))))
                .kafkaClusterClientAuthentication(a -> a.authenticationType("NONE"))
                .kafkaClusterEncryptionInTransit(e -> e.encryptionType("PLAINTEXT"))
                .plugins(p -> p.customPlugin(c -> c.customPluginArn(plugin).revision(1L)))
                .workerConfiguration(w -> w.workerConfigurationArn(workerConfigurationArn).revision(1L))
                .serviceExecutionRoleArn("arn:aws:iam::000000000000:role/connect").build();
    }

    private long workerPid() throws Exception {
        String id = connectorArn.substring(connectorArn.lastIndexOf('/') + 1);
        return Long.parseLong(Files.readString(data.resolve("msk-connect/connectors/" + id + "/worker.pid")).trim());
    }

    private void awaitState(ConnectorState state) {
        await("connector " + state, () -> {
            var c = connect.describeConnector(b -> b.connectorArn(connectorArn));
            if (c.connectorState() == ConnectorState.FAILED) {
                throw new AssertionError("connector FAILED: " + c.stateDescription());
            }
            return c.connectorState() == state;
        });
    }

    /** Reads the topic from its start until {@code count} records came. */
    private List<String> consume(int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("lines"));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** The FileStream connectors' jar, found on the test class path without loading any of its classes. */
    private static Path connectFileJar() throws Exception {
        URL url = ConnectorTest.class.getClassLoader().getResource("org/apache/kafka/connect/file/FileStreamSourceConnector.class");
        String jar = url.toString();
        return Path.of(URI.create(jar.substring("jar:".length(), jar.indexOf("!/"))));
    }

    private static int port(ConfigurableApplicationContext c) {
        return Integer.parseInt(c.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            KafkaTestService.sleep(250);
        }
    }
}
