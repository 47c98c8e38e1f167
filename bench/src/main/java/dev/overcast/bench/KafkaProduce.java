package dev.overcast.bench;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producer throughput against a Kafka cluster (an MSK cluster's GetBootstrapBrokers, or a broker started by hand):
 * creates the topic, sends RECORDS records of SIZE bytes with acks=all after a warm-up of a tenth of them, prints
 * {@code kafka-produce records/s=… MB/s=…}.
 *
 * <pre>java -cp bench/target/bench.jar dev.overcast.bench.KafkaProduce BOOTSTRAP TOPIC RECORDS SIZE</pre>
 */
public final class KafkaProduce {

    private KafkaProduce() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int records = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(java.util.List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[size];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            send(producer, topic, value, records / 10);
            long t0 = System.nanoTime();
            send(producer, topic, value, records);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("kafka-produce records/s=%.0f MB/s=%.2f%n", records / seconds, records * (double) size / seconds / 1e6);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, int count) throws Exception {
        AtomicLong failed = new AtomicLong();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, value), (m, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
            });
        }
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records failed");
        }
    }
}
