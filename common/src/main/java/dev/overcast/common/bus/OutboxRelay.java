package dev.overcast.common.bus;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes a service's outbox to the bus, off the request's path: one thread takes the oldest rows, sends them to
 * Kafka (key = the event's resource, value = the CloudEvent, header {@code content-type:
 * application/cloudevents+json}), waits until the broker has acknowledged every one ({@code acks=all}), and only then
 * deletes them, in one transaction. A crash between the send and the delete sends the rows again (a duplicate, which
 * consumers absorb by event id); an uncommitted change never has a row to send.
 *
 * <p>Order: rows go out in {@code seq} order, a batch only after the previous one is acknowledged, and the idempotent
 * producer keeps a batch's order through retries. Two changes of one resource are serialised by the resource's own row
 * lock, so the later one's row has the larger {@code seq}: each resource's events arrive in commit order.
 *
 * <p>Replicas: the batch is taken under a transaction-scoped advisory lock per schema, so one replica publishes at a
 * time and no row is sent twice concurrently. While the broker is away, rows wait and the relay retries with back-off
 * (0.1 s doubling to 5 s). It wakes right after a local commit that wrote a row, and polls every 250 ms besides (rows
 * written by another replica, a wake-up lost to a restart).
 *
 * <p>Batching: woken by a commit, the relay first lets the commits right behind it join the batch for a moment
 * ({@code overcast.bus.relay-gather}, 5 ms by default; 0 publishes each wake-up at once). Under a stream of writes that
 * turns one produce request, one select and one delete per handful of rows into one per few dozen: the broker's and
 * PostgreSQL's work per event falls several-fold, for a few milliseconds more between a commit and its event.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final long POLL_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    static final Duration DEFAULT_GATHER = Duration.ofMillis(5);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] CLOUDEVENTS_JSON = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private final DataSource dataSource;
    private final String bootstrapServers;
    private final String schema;
    private final long gatherNanos;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile Thread thread;
    private KafkaProducer<String, String> producer;
    private volatile String failure;
    private volatile Instant failingSince;
    private volatile long published;

    public OutboxRelay(DataSource dataSource, String bootstrapServers, String schema) {
        this(dataSource, bootstrapServers, schema, DEFAULT_GATHER);
    }

    /** @param gather how long a commit's wake-up waits for the commits right behind it before the batch is taken */
    public OutboxRelay(DataSource dataSource, String bootstrapServers, String schema, Duration gather) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.schema = schema;
        this.gatherNanos = gather.toNanos();
    }

    /** Wakes the relay now (a commit wrote rows). Cheap; safe from any thread. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        if (!hasOutbox()) {
            log.debug("No outbox table in schema {}: no relay", schema);
            return;
        }
        running = true;
        Thread t = new Thread(this::loop, "outbox-relay-" + schema);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private boolean hasOutbox() {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select to_regclass('outbox') is not null")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            log.warn("Could not look for the outbox table in schema {}: {}", schema, e.toString());
            return false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake();
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late in the start (after the pools and Flyway), early in the stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** Whether the relay is running at all (false: the service has no outbox table). */
    public boolean active() {
        return thread != null;
    }

    /** The last error of a publish that has not succeeded since, or null. */
    public String failure() {
        return failure;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Events published (acknowledged and removed) since the start. */
    public long published() {
        return published;
    }

    private void loop() {
        long backoff = 0;
        while (running) {
            try {
                int sent = publishBatch();
                if (failure != null) {
                    log.info("The bus at {} is reachable again; publishing the events that waited in {}.outbox", bootstrapServers, schema);
                }
                failure = null;
                failingSince = null;
                backoff = 0;
                if (sent < BATCH && await(POLL_MILLIS) && gatherNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(gatherNanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                if (failure == null) {
                    log.warn("Could not publish {}.outbox to the bus at {} (events wait in the outbox; retrying): {}",
                            schema, bootstrapServers, e.toString());
                    failingSince = Instant.now();
                }
                failure = e.toString();
                closeProducer();
                backoff = backoff == 0 ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        closeProducer();
    }

    /** Waits for a wake-up or the time given: whether a wake-up came. */
    private boolean await(long millis) throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(millis);
            }
            boolean was = woken;
            woken = false;
            return was;
        }
    }

    /** One batch, start to end: the number of rows published, 0 when none waited or another replica holds the lock. */
    int publishBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = publishBatch(c);
                c.commit();
                return n;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private record Row(long seq, String topic, String key, String event) {
    }

    private int publishBatch(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            // losing this commit in a crash only sends the rows again: no need to wait for its flush
            s.execute("set local synchronous_commit = off");
            try (ResultSet rs = s.executeQuery("select pg_try_advisory_xact_lock(" + 0x4f5554 + ", hashtext(current_schema()))")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0; // another replica is publishing this outbox
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select seq, topic, event_key, event from outbox order by seq limit " + BATCH);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.event());
            record.headers().add(new RecordHeader("content-type", CLOUDEVENTS_JSON));
            Future<RecordMetadata> ack = p.send(record);
            if (ack.isDone()) {
                // failed at once (no metadata: the broker is away): send none after it, or a later row could reach
                // the log before this one does on the retry
                try {
                    ack.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException)) {
                        throw e;
                    }
                }
            }
            acks.add(ack);
        }
        // the batch's records leave now, in as few produce requests as they fit in (linger.ms holds them until here)
        p.flush();
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        Long[] done = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw e;
                }
                // the broker will never take it: dropping it is the one way on to the events behind it
                log.error("Dropping event {} of {}.outbox: larger than the bus accepts ({})", rows.get(i).seq(), schema, e.getCause().toString());
            }
            done[i] = rows.get(i).seq();
        }
        try (PreparedStatement delete = c.prepareStatement("delete from outbox where seq = any(?)")) {
            Array seqs = c.createArrayOf("bigint", done);
            delete.setArray(1, seqs);
            delete.executeUpdate();
        }
        published += rows.size();
        return rows.size();
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "overcast-outbox-" + schema);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            // a batch is sent by flush() once all its rows are handed over, not record by record as they come
            p.put(ProducerConfig.LINGER_MS_CONFIG, "1000");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
            p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the outbox producer", e);
            }
            producer = null;
        }
    }
}
