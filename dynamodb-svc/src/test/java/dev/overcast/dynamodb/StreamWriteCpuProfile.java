package dev.overcast.dynamodb;

import dev.overcast.common.testing.CpuProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Not a test of behaviour but a measuring driver, run only when asked ({@code -Dovercast.dynamodb.cpu=true
 * -Dtest=StreamWriteCpuProfile}): PutItem of new 200-byte items from 16 threads into a table without a stream and into
 * one with a stream (NEW_AND_OLD_IMAGES: the stream record and its outbox row in the item's transaction), alternately,
 * and the CPU the service spends per write in each, which a loaded machine does not distort as it does throughput: the
 * service's request threads (the group commit's leaders among them), its other threads, the JVM's own (GC, JIT; shared
 * with the client) and the embedded PostgreSQL's processes; a JFR profile of the request threads in the first stream round
 * names where the time goes. The bus never answers here, so the relay's publishing is not in these figures (the
 * benchmark's {@code bench/cpu-bus.sh} has it). Written to {@code target/stream-write-cpu-profile.txt}.
 */
@EnabledIfSystemProperty(named = "overcast.dynamodb.cpu", matches = "true")
class StreamWriteCpuProfile {

    private static final int THREADS = 16;

    @Test
    void cpuPerWriteWithAndWithoutAStream() throws Exception {
        int warmup = Integer.getInteger("overcast.dynamodb.cpu.warmup", 3000);
        int writes = Integer.getInteger("overcast.dynamodb.cpu.writes", 4000);
        DynamoDbClient ddb = DynamoDbTestService.client();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "cpu-client"));
        StringBuilder out = new StringBuilder();
        Path jfr = Files.createTempFile("stream-write-cpu", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            put(pool, ddb, table(ddb, false), warmup);
            put(pool, ddb, table(ddb, true), warmup);
            for (int round = 1; round <= 2; round++) {
                out.append(measure(pool, ddb, false, writes, null));
                out.append(measure(pool, ddb, true, writes, round == 1 ? recording : null)); // a recording starts once
                System.out.print(out);
            }
            recording.dump(jfr);
        } finally {
            pool.shutdownNow();
        }
        out.append(CpuProfiles.profile(jfr, "request thread samples of the first stream round", t -> "service".equals(CpuProfiles.group(t)),
                k -> k.startsWith("dev.overcast") || k.startsWith("org.postgresql")));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "stream-write-cpu-profile.txt"), out);
        System.out.println(out);
    }

    private static String table(DynamoDbClient ddb, boolean stream) {
        String name = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        if (stream) {
            ddb.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        }
        return name;
    }

    /** One measured round on a new table: the CPU per write by where it is spent (the recording on while it runs). */
    private static String measure(ExecutorService pool, DynamoDbClient ddb, boolean stream, int writes, Recording recording)
            throws Exception {
        String name = table(ddb, stream);
        Map<Long, long[]> before = CpuProfiles.threads();
        long process = CpuProfiles.processCpu();
        long pg = CpuProfiles.postgresCpu();
        long wall = System.nanoTime();
        if (recording != null) {
            recording.start();
        }
        put(pool, ddb, name, writes);
        if (recording != null) {
            recording.stop();
        }
        wall = System.nanoTime() - wall;
        pg = CpuProfiles.postgresCpu() - pg;
        process = CpuProfiles.processCpu() - process;
        CpuProfiles.Usage used = CpuProfiles.since(before);
        return String.format(Locale.ROOT, "%-9s %d writes, %.0f/s (not comparable on a loaded machine): µs/write service"
                        + " request threads %.1f, other service threads %.1f, JVM non-Java threads %.1f, PostgreSQL %.1f,"
                        + " client %.1f; service allocation %.0f bytes/write%n",
                stream ? "stream" : "no stream", writes, writes / (wall / 1e9), used.cpu("service") / 1e3 / writes,
                used.cpu("other") / 1e3 / writes, (process - used.javaThreads()) / 1e3 / writes, pg / 1e3 / writes,
                used.cpu("client") / 1e3 / writes, (double) used.allocated("service") / writes);
    }

    /** PutItem of new items (about 200 bytes, 100 per partition) from the pool's threads. */
    private static void put(ExecutorService pool, DynamoDbClient ddb, String table, int writes) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                for (long n = next.getAndIncrement(); n < writes; n = next.getAndIncrement()) {
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("pk", AttributeValue.fromS("partition-" + n / 100));
                    item.put("sk", AttributeValue.fromS(String.format("item-%04d", n % 100)));
                    item.put("name", AttributeValue.fromS("customer-" + n + "-abcdefghijklmnopqrstuvwxyz"));
                    item.put("status", AttributeValue.fromS(n % 3 == 0 ? "ACTIVE" : "PENDING"));
                    item.put("amount", AttributeValue.fromN(Long.toString(1000L * n)));
                    item.put("score", AttributeValue.fromN("12345.678"));
                    item.put("enabled", AttributeValue.fromBool(n % 2 == 0));
                    item.put("payload", AttributeValue.fromS("x".repeat(90)));
                    ddb.putItem(b -> b.tableName(table).item(item));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }
}
