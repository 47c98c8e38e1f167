package dev.overcast.common.bus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Reads a {@link BusListener}'s topics off the bus with the plain Kafka consumer, as the consumer group
 * {@code overcast-<schema>-<name>}, and hands each record to the service's {@link Inbox} (which commits the event's id
 * with what the listener wrote). A record's offset is committed to Kafka only after that transaction: a crash in
 * between delivers the record again, and the inbox absorbs it. While the database is away the record is read again
 * after a back-off (0.1 s doubling to 5 s); while the broker is away the consumer keeps retrying on its own. Every
 * hour it has the inbox forget ids older than {@link #REMEMBERED} (the sandbox's broker keeps its log 7 days).
 */
public final class BusSubscription implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BusSubscription.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** How long received event ids are remembered. */
    static final Duration REMEMBERED = Duration.ofDays(8);
    private static final long FORGET_EVERY_NANOS = Duration.ofHours(1).toNanos();

    private final String bootstrapServers;
    private final String group;
    private final BusListener listener;
    private final Inbox inbox;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile long received;
    private long forgotAt = System.nanoTime() - FORGET_EVERY_NANOS;

    public BusSubscription(String bootstrapServers, String schema, BusListener listener, Inbox inbox) {
        this.bootstrapServers = bootstrapServers;
        this.group = "overcast-" + schema + "-" + listener.name();
        this.listener = listener;
        this.inbox = inbox;
    }

    public String group() {
        return group;
    }

    /** Events handed to the listener (not counting redeliveries absorbed) since the start. */
    public long received() {
        return received;
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "bus-subscription-" + group);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                c.wakeup();
            }
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

    /** After the outbox relay (and so after the pools and Flyway); stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 90;
    }

    private void loop() {
        long backoff = 0;
        while (running) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                c.subscribe(listener.topics());
                while (running) {
                    backoff = consume(c, c.poll(Duration.ofMillis(500)), backoff);
                    forgetOldIds();
                }
            } catch (WakeupException e) {
                if (running) {
                    log.warn("Bus subscription {} woken while running; reconnecting", group);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Bus subscription {} to {} failed (retrying): {}", group, bootstrapServers, e.toString());
                backoff = sleep(backoff);
            } finally {
                consumer = null;
            }
        }
    }

    private void forgetOldIds() {
        if (System.nanoTime() - forgotAt < FORGET_EVERY_NANOS) {
            return;
        }
        forgotAt = System.nanoTime();
        try {
            inbox.forget(listener, REMEMBERED);
        } catch (DataAccessException e) {
            log.debug("Bus subscription {} could not forget old event ids (next hour then): {}", group, e.toString());
        }
    }

    /** Hands the records over in order; commits the offsets of those done; the back-off to use next. */
    private long consume(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records, long backoff) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (done.containsKey(tp) && done.get(tp).offset() == Long.MIN_VALUE) {
                continue; // this partition waits for its failed record
            }
            try {
                if (r.value() != null && inbox.receive(listener, r.topic(), r.value())) {
                    received++;
                }
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                backoff = 0;
            } catch (DataAccessException | TransactionException e) {
                // the database is away: this record (and the partition's later ones) is read again after a pause
                log.warn("Bus subscription {} could not record event at {}@{} (retrying): {}", group, tp, r.offset(),
                        e.toString());
                OffsetAndMetadata committed = done.get(tp);
                if (committed != null) {
                    c.commitSync(Map.of(tp, committed));
                }
                c.seek(tp, r.offset());
                done.put(tp, new OffsetAndMetadata(Long.MIN_VALUE));
                backoff = Math.max(backoff, 1);
            } catch (RuntimeException e) {
                log.error("Bus subscription {}: listener failed on the event at {}@{}; passing it over", group, tp,
                        r.offset(), e);
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        done.values().removeIf(o -> o.offset() == Long.MIN_VALUE);
        if (!done.isEmpty()) {
            c.commitSync(done);
        }
        return backoff > 0 ? sleep(backoff) : 0;
    }

    private long sleep(long backoff) {
        long next = backoff <= 1 ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        try {
            Thread.sleep(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return next;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }
}
