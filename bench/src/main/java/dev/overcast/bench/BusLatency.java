package dev.overcast.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ddb-bus-latency}: PutItem on a table with a stream at a steady rate ({@code BUS_RATE} writes/s, default
 * 1,000, spread over the threads), while a plain Kafka consumer reads {@code overcast.dynamodb.streams} from the bus the
 * gateway's health report names. Each write's latency is from its acknowledgement (the commit has happened) to the
 * consumer receiving its event. The line's p50/p90/p99 are these latencies; ops/s is the write rate achieved.
 */
final class BusLatency {

    private static final Pattern BOOTSTRAP = Pattern.compile("\"bootstrapServers\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PK = Pattern.compile("\"pk\":\\{\"S\":\"([^\"]+)\"");
    private static final Pattern SK = Pattern.compile("\"sk\":\\{\"S\":\"([^\"]+)\"");

    private BusLatency() {
    }

    static LoadGenerator.Result run(String endpoint, LoadGenerator.Run run) throws Exception {
        String bootstrap = bootstrap(endpoint);
        double rate = Double.parseDouble(System.getenv().getOrDefault("BUS_RATE", "1000"));
        try (DynamoDbClient ddb = DynamoDbWorkloads.client(endpoint, run.threads())) {
            String table = DynamoDbWorkloads.createTable(ddb, true);
            Map<String, Long> acked = new ConcurrentHashMap<>();
            Map<String, Long> received = new ConcurrentHashMap<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread consumer = new Thread(() -> consume(bootstrap, table, received, done), "bus-consumer");
            consumer.start();
            Thread.sleep(3000); // the consumer's group join, before the first write
            long start = System.nanoTime();
            long measureFrom = start + Duration.ofSeconds(run.warmupSeconds()).toNanos();
            long end = measureFrom + Duration.ofSeconds(run.seconds()).toNanos();
            long interval = (long) (1e9 * run.threads() / rate);
            AtomicLong sequence = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(run.threads());
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < run.threads(); t++) {
                long offset = interval * t / run.threads();
                writers.add(pool.submit(() -> {
                    for (long i = 0; ; i++) {
                        long due = start + offset + i * interval;
                        if (due >= end || System.nanoTime() >= end) {
                            return null; // (a server slower than the rate ends the run on time too, with fewer writes)
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        long n = sequence.getAndIncrement();
                        Map<String, AttributeValue> item = DynamoDbWorkloads.item(n / DynamoDbWorkloads.ITEMS_PER_PARTITION,
                                (int) (n % DynamoDbWorkloads.ITEMS_PER_PARTITION));
                        long sent = System.nanoTime();
                        ddb.putItem(b -> b.tableName(table).item(item));
                        long ack = System.nanoTime();
                        if (sent >= measureFrom) {
                            acked.put(item.get("pk").s() + "/" + item.get("sk").s(), ack);
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
            long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < settle && !received.keySet().containsAll(acked.keySet())) {
                Thread.sleep(100);
            }
            done.set(true);
            consumer.join();
            long[] latencies = acked.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                    .mapToLong(e -> Math.max(0, received.get(e.getKey()) - e.getValue())).sorted().toArray();
            long missing = acked.size() - latencies.length;
            double seconds = (Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
            return new LoadGenerator.Result(acked.size() / seconds, 0, pct(latencies, 0.5), pct(latencies, 0.9),
                    pct(latencies, 0.99), acked.size(), 0, " target=" + (long) rate + "/s not-received=" + missing
                    + " (p50/p90/p99: acknowledged write -> Kafka consumer)");
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void consume(String bootstrap, String table, Map<String, Long> received, AtomicBoolean done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of("overcast.dynamodb.streams"));
            while (!done.get()) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    // the record key: the table ARN, then the item's key
                    if (r.key().contains(":table/" + table + "|")) {
                        Matcher pk = PK.matcher(r.key());
                        Matcher sk = SK.matcher(r.key());
                        if (pk.find() && sk.find()) {
                            received.putIfAbsent(pk.group(1) + "/" + sk.group(1), now);
                        }
                    }
                }
            }
        }
    }

    /** The bus's bootstrap servers, from the gateway's health report. */
    private static String bootstrap(String endpoint) throws Exception {
        String env = System.getenv("OVERCAST_BUS_BOOTSTRAP");
        if (env != null) {
            return env;
        }
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_overcast/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = BOOTSTRAP.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("No bus in the health report of " + endpoint + ": " + body);
        }
        return m.group(1);
    }
}
