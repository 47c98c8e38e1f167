package dev.overcast.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.engine.Processes;
import dev.overcast.common.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bus broker through the engine launcher (a real Kafka, one per class), and the relay publishing an outbox of the
 * embedded PostgreSQL to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BusBrokerTest {

    private static Path home;
    private static BusBroker broker;
    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static TransactionTemplate tx;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("overcast-bus-test");
        broker = BusBroker.start(home.resolve("kafka"), EmbeddedPostgresServer.freePort(), home.resolve("engines"));
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.jdbcUrl("bustest"));
        dataSource.setMaximumPoolSize(4);
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.sql("create schema if not exists bustest").update();
        jdbc.sql("drop table if exists outbox").update();
        jdbc.sql("""
                create table outbox (
                    seq        bigserial   primary key,
                    topic      text        not null,
                    event_key  text        not null,
                    event_id   text        not null,
                    event      text        not null,
                    created_at timestamptz not null default now()
                )""").update();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        TestDatabase.deleteRecursively(home);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    static List<ConsumerRecord<String, String>> read(String topic, int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(broker.bootstrapServers())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void relayPublishesCommittedEventsInOrderAndRemovesThem() {
        OutboxRelay relay = startRelay();
        Outbox outbox = new Outbox(jdbc, true, relay::wake);
        try {
            for (int i = 0; i < 20; i++) {
                int n = i;
                tx.executeWithoutResult(s -> outbox.append(event("overcast.test.a", "item-" + (n % 3), n)));
            }
            // a rolled-back change leaves no event
            tx.executeWithoutResult(s -> {
                outbox.append(event("overcast.test.a", "item-x", 99));
                s.setRollbackOnly();
            });
            List<ConsumerRecord<String, String>> records = read("overcast.test.a", 20);
            assertThat(records).hasSize(20);
            assertThat(records).extracting(ConsumerRecord::key).doesNotContain("item-x");
            for (String key : List.of("item-0", "item-1", "item-2")) {
                List<Integer> order = records.stream().filter(r -> r.key().equals(key))
                        .map(r -> Integer.parseInt(r.value().replaceAll(".*\"n\":(\\d+).*", "$1"))).toList();
                assertThat(order).isSorted();
            }
            ConsumerRecord<String, String> first = records.get(0);
            assertThat(new String(first.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
            assertThat(first.value()).startsWith("{\"specversion\":\"1.0\",\"id\":\"")
                    .contains("\"source\":\"arn:aws:test:::thing\"", "\"type\":\"aws.test.Changed\"", "\"data\":{\"n\":0}");
            awaitEmptyOutbox(jdbc);
            assertThat(new BusHealthIndicator(relay, jdbc).health().getStatus().getCode()).isEqualTo("UP");
        } finally {
            relay.stop();
        }
    }

    @Test
    @Order(2)
    void eventsWaitWhileTheBrokerIsDownAndFollowWhenItIsBack() {
        OutboxRelay relay = startRelay();
        Outbox outbox = new Outbox(jdbc, true, relay::wake);
        try {
            broker.stop();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tx.executeWithoutResult(s -> outbox.append(event("overcast.test.b", "k", n)));
            }
            BusHealthIndicator health = new BusHealthIndicator(relay, jdbc);
            assertThat(health.health().getStatus()).isEqualTo(BusHealthIndicator.DEGRADED);
            assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isEqualTo(5L);
            broker.restart();
            List<ConsumerRecord<String, String>> records = read("overcast.test.b", 5);
            assertThat(records).extracting(r -> Integer.parseInt(r.value().replaceAll(".*\"n\":(\\d+).*", "$1")))
                    .containsExactly(0, 1, 2, 3, 4);
            awaitEmptyOutbox(jdbc);
        } finally {
            relay.stop();
        }
    }

    @Test
    @Order(3)
    void aBrokerLeftRunningByAKilledPredecessorIsStoppedAndItsLogKept() {
        long orphan = broker.pid();
        assertThat(Processes.isRunning(orphan)).isTrue();
        // as after a kill -9 of the JVM that started it: a new start on the same home finds the recorded pid
        BusBroker next = BusBroker.start(home.resolve("kafka"), EmbeddedPostgresServer.freePort(), home.resolve("engines"));
        try {
            assertThat(Processes.isRunning(orphan)).isFalse();
            BusBroker old = broker;
            broker = next;
            old.close(); // nothing left to stop
            assertThat(read("overcast.test.a", 20)).hasSize(20); // the log survived
        } finally {
            broker = next;
        }
    }

    @Test
    @Order(4)
    void aSubscriptionHandsEachEventOnceAndResumesAfterItsCommittedOffsets() {
        jdbc.sql("drop table if exists bus_inbox").update();
        jdbc.sql("""
                create table bus_inbox (
                    listener    text        not null,
                    event_id    text        not null,
                    topic       text        not null,
                    received_at timestamptz not null default now(),
                    primary key (listener, event_id)
                )""").update();
        jdbc.sql("drop table if exists seen").update();
        jdbc.sql("create table seen (event_id text, n int)").update();
        BusListener listener = new BusListener() {
            @Override
            public String name() {
                return "seen";
            }

            @Override
            public java.util.List<String> topics() {
                return List.of("overcast.test.c");
            }

            @Override
            public void onEvent(Event event) {
                jdbc.sql("insert into seen values (?, ?)").params(event.id(), event.data().path("n").asInt()).update();
            }
        };
        Inbox inbox = new Inbox(jdbc, tx);
        OutboxRelay relay = startRelay();
        Outbox outbox = new Outbox(jdbc, true, relay::wake);
        BusSubscription subscription = new BusSubscription(broker.bootstrapServers(), "bustest", listener, inbox);
        try {
            BusEvent first = event("overcast.test.c", "k", 1);
            tx.executeWithoutResult(s -> outbox.append(first));
            tx.executeWithoutResult(s -> outbox.append(event("overcast.test.c", "k", 2)));
            // the relay sending a row again (a crash between its send and its delete): the same CloudEvent twice
            tx.executeWithoutResult(s -> outbox.append(first));
            subscription.start();
            awaitSeen(2);
            awaitEmptyOutbox(jdbc);
            assertThat(jdbc.sql("select n from seen order by n").query(Integer.class).list()).containsExactly(1, 2);
            subscription.stop();

            // the group resumes after its committed offsets: nothing handed over twice, the next event handed over
            tx.executeWithoutResult(s -> outbox.append(event("overcast.test.c", "k", 3)));
            subscription = new BusSubscription(broker.bootstrapServers(), "bustest", listener, inbox);
            subscription.start();
            awaitSeen(3);
            assertThat(jdbc.sql("select n from seen order by n").query(Integer.class).list()).containsExactly(1, 2, 3);
            assertThat(inbox.receive(listener, "overcast.test.c", first.toCloudEventJson())).isFalse();
            assertThat(jdbc.sql("select count(*) from bus_inbox where listener = 'seen'").query(Long.class).single())
                    .isEqualTo(3L);
            // ids are forgotten once older than the bus keeps its log
            assertThat(inbox.forget(listener, Duration.ofDays(8))).isZero();
            assertThat(inbox.forget(listener, Duration.ZERO)).isEqualTo(3);
        } finally {
            subscription.stop();
            relay.stop();
        }
    }

    private static void awaitSeen(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.sql("select count(*) from seen").query(Long.class).single() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static OutboxRelay startRelay() {
        OutboxRelay relay = new OutboxRelay(dataSource, broker.bootstrapServers(), "bustest");
        relay.start();
        return relay;
    }

    private static void awaitEmptyOutbox(JdbcClient jdbc) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("select count(*) from outbox").query(Long.class).single() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isZero();
    }

    private static BusEvent event(String topic, String key, int n) {
        return new BusEvent(topic, key, "id-" + key + "-" + n, "arn:aws:test:::thing", "aws.test.Changed", key,
                Instant.now(), "{\"n\":" + n + "}", Map.of());
    }
}
