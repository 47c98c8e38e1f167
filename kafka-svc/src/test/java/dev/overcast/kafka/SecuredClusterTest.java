package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersResponse;

/**
 * One cluster with TLS and plaintext in transit, IAM access control and unauthenticated access, on a service that
 * verifies SigV4 ({@code OVERCAST_SIGV4=verify}): GetBootstrapBrokers gives the plaintext, TLS and SASL/IAM strings;
 * a TLS client trusting the suite's CA (served at /_overcast/kafka/ca.pem) produces and consumes; aws-msk-iam-auth
 * clients signed with the suite's keys produce and consume; a wrong signature or an unknown key is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {

    private static final String KEY = "111122223333";
    private static final String SECRET = "iam-test-secret";

    private Path data;
    private ConfigurableApplicationContext service;
    private URI endpoint;
    private KafkaClient msk;
    private String arn;
    private GetBootstrapBrokersResponse bootstrap;
    private Path caPem;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("overcast-kafka-secured");
        service = KafkaTestService.start("kafka_secured", data, Map.of("overcast.sigv4.mode", "verify",
                "overcast.sigv4.keys", KEY + ":" + SECRET));
        endpoint = URI.create("http://localhost:" + service.getEnvironment().getRequiredProperty("local.server.port"));
        msk = KafkaTestService.client(endpoint, KEY, SECRET);
        arn = msk.createCluster(b -> b.clusterName(KafkaTestService.name("secured")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.m5.large").clientSubnets("subnet-1"))
                .encryptionInfo(e -> e.encryptionInTransit(t -> t.clientBroker("TLS_PLAINTEXT")))
                .clientAuthentication(a -> a.sasl(s -> s.iam(i -> i.enabled(true))).unauthenticated(u -> u.enabled(true))))
                .clusterArn();
        KafkaTestService.await(msk, arn, ClusterState.ACTIVE);
        bootstrap = msk.getBootstrapBrokers(b -> b.clusterArn(arn));
        caPem = KafkaTestService.caPem(endpoint, data.resolve("client-ca.pem"));
        try (Admin admin = KafkaTestService.admin(bootstrap.bootstrapBrokerString())) {
            admin.createTopics(List.of(new NewTopic("tls", 1, (short) 1), new NewTopic("iam", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    void stop() {
        try {
            if (arn != null) {
                msk.deleteCluster(b -> b.clusterArn(arn));
                KafkaTestService.awaitGone(msk, arn);
            }
        } finally {
            service.close();
            TestDatabase.deleteRecursively(data);
        }
    }

    @Test
    void bootstrapBrokersFollowTheSecuritySettings() {
        assertThat(bootstrap.bootstrapBrokerString()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(bootstrap.bootstrapBrokerStringTls()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(bootstrap.bootstrapBrokerStringSaslIam()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(bootstrap.bootstrapBrokerStringSaslScram()).isNull();
        assertThat(List.of(bootstrap.bootstrapBrokerString(), bootstrap.bootstrapBrokerStringTls(),
                bootstrap.bootstrapBrokerStringSaslIam())).doesNotHaveDuplicates();
        var auth = msk.describeCluster(b -> b.clusterArn(arn)).clusterInfo().clientAuthentication();
        assertThat(auth.sasl().iam().enabled()).isTrue();
        // SASL needs TLS between clients and brokers, as on MSK
        assertThatThrownBy(() -> msk.createCluster(b -> b.clusterName(KafkaTestService.name("plain-iam")).kafkaVersion("4.4.x")
                .numberOfBrokerNodes(1).brokerNodeGroupInfo(g -> g.instanceType("kafka.m5.large").clientSubnets("subnet-1"))
                .encryptionInfo(e -> e.encryptionInTransit(t -> t.clientBroker("PLAINTEXT")))
                .clientAuthentication(a -> a.sasl(s -> s.iam(i -> i.enabled(true))))))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void theCaIsServedForTrustStores() throws Exception {
        String pem = Files.readString(caPem);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getSubjectX500Principal().getName()).contains("Overcast MSK Certificate Authority");
    }

    @Test
    void tlsClientsTrustingTheSuitesCaProduceAndConsume() throws Exception {
        Properties tls = tls(bootstrap.bootstrapBrokerStringTls());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(tls))) {
            producer.send(new ProducerRecord<>("tls", 0, "k", "over TLS")).get(60, TimeUnit.SECONDS);
        }
        assertThat(consume(tls, "tls", 1)).containsExactly("over TLS");
    }

    @Test
    void aClientNotTrustingTheCaIsRefused() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap.bootstrapBrokerStringTls());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(p))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("tls", 0, "k", "v")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void iamClientsSignedWithTheSuitesKeysProduceAndConsume() throws Exception {
        withAwsCredentials(KEY, SECRET, () -> {
            Properties iam = iam(bootstrap.bootstrapBrokerStringSaslIam());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(iam))) {
                producer.send(new ProducerRecord<>("iam", 0, "k", "signed")).get(60, TimeUnit.SECONDS);
            }
            assertThat(consume(iam, "iam", 1)).containsExactly("signed");
        });
    }

    @Test
    void aWrongSignatureOrAnUnknownKeyIsRefused() throws Exception {
        for (String[] credentials : List.of(new String[] {KEY, "not-the-secret"}, new String[] {"AKIAUNKNOWNKEY000000", SECRET})) {
            withAwsCredentials(credentials[0], credentials[1], () -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(iam(bootstrap.bootstrapBrokerStringSaslIam())))) {
                    assertThatThrownBy(() -> producer.send(new ProducerRecord<>("iam", 0, "k", "v")).get(60, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
                }
            });
        }
        assertThat(consume(tls(bootstrap.bootstrapBrokerStringTls()), "iam", 1)).doesNotContain("v");
    }

    private interface Body {
        void run() throws Exception;
    }

    /** aws-msk-iam-auth takes the default credential chain: the SDK's system properties here. */
    private static void withAwsCredentials(String key, String secret, Body body) throws Exception {
        System.setProperty("aws.accessKeyId", key);
        System.setProperty("aws.secretAccessKey", secret);
        System.setProperty("aws.region", "us-east-1");
        try {
            body.run();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.region");
        }
    }

    private Properties tls(String servers) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caPem.toString());
        return p;
    }

    /** What MSK's documentation tells IAM clients to set, with the suite's CA trusted. */
    private Properties iam(String servers) {
        Properties p = tls(servers);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;");
        p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        return p;
    }

    private static Properties producer(Properties security) {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private static List<String> consume(Properties security, String topic, int count) {
        return KafkaTestService.consume(security, topic, count);
    }
}
