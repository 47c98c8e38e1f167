package dev.overcast.dynamodb;

import dev.overcast.common.testing.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
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
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATION = (com.sun.management.ThreadMXBean) CPU;

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
        out.append(profile(jfr));
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
        Map<Long, long[]> before = threads();
        long process = processCpu();
        long pg = postgresCpu();
        long wall = System.nanoTime();
        if (recording != null) {
            recording.start();
        }
        put(pool, ddb, name, writes);
        if (recording != null) {
            recording.stop();
        }
        wall = System.nanoTime() - wall;
        pg = postgresCpu() - pg;
        process = processCpu() - process;
        Map<String, Long> cpu = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        long javaThreads = 0;
        for (ThreadInfo t : CPU.getThreadInfo(CPU.getAllThreadIds())) {
            if (t != null) {
                long[] was = before.getOrDefault(t.getThreadId(), new long[2]);
                long used = CPU.getThreadCpuTime(t.getThreadId()) - was[0];
                javaThreads += used;
                cpu.merge(group(t.getThreadName()), used, Long::sum);
                allocated.merge(group(t.getThreadName()), ALLOCATION.getThreadAllocatedBytes(t.getThreadId()) - was[1], Long::sum);
            }
        }
        return String.format(Locale.ROOT, "%-9s %d writes, %.0f/s (not comparable on a loaded machine): µs/write service"
                        + " request threads %.1f, other service threads %.1f, JVM non-Java threads %.1f, PostgreSQL %.1f,"
                        + " client %.1f; service allocation %.0f bytes/write%n",
                stream ? "stream" : "no stream", writes, writes / (wall / 1e9), cpu.getOrDefault("service", 0L) / 1e3 / writes,
                cpu.getOrDefault("other", 0L) / 1e3 / writes, (process - javaThreads) / 1e3 / writes, pg / 1e3 / writes,
                cpu.getOrDefault("client", 0L) / 1e3 / writes, (double) allocated.getOrDefault("service", 0L) / writes);
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

    private static String group(String thread) {
        if (thread.startsWith("cpu-client")) {
            return "client";
        }
        return thread.startsWith("http-nio") ? "service" : "other";
    }

    /** Each live thread's CPU time and bytes allocated so far. */
    private static Map<Long, long[]> threads() {
        Map<Long, long[]> all = new HashMap<>();
        for (long id : CPU.getAllThreadIds()) {
            all.put(id, new long[] {CPU.getThreadCpuTime(id), ALLOCATION.getThreadAllocatedBytes(id)});
        }
        return all;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time (ns) of the embedded PostgreSQL's postmaster and its children, from /proc. */
    private static long postgresCpu() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(TestDatabase.server().dataDirectory().resolve("postmaster.pid"))
                .getFirst().trim());
        long ticks = 0;
        for (long pid : ProcessHandle.of(postmaster).orElseThrow().descendants().mapToLong(ProcessHandle::pid).toArray()) {
            ticks += ticks(pid);
        }
        return (ticks + ticks(postmaster)) * 10_000_000L; // USER_HZ 100
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException e) {
            return 0; // a backend that ended meanwhile
        }
    }

    /** The request threads' samples (stream rounds) by top frame, and inclusive of every frame on their stacks. */
    private static String profile(Path jfr) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getThread("sampledThread") == null || !"service".equals(group(String.valueOf(e.getThread("sampledThread").getJavaName())))) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                top.merge(frame(frames.getFirst()), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            frames.forEach(f -> {
                if (seen.add(frame(f))) {
                    inclusive.merge(frame(f), 1, Integer::sum);
                }
            });
        }
        int n = Math.max(1, samples);
        StringBuilder out = new StringBuilder("\nrequest thread samples of the first stream round: " + samples + "\n-- top frames (self)\n");
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(30)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%5.1f%% %s%n", 100.0 * e.getValue() / n, e.getKey())));
        out.append("-- inclusive (the suite's frames and the driver's)\n");
        inclusive.entrySet().stream().filter(e -> e.getKey().startsWith("dev.overcast") || e.getKey().startsWith("org.postgresql"))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(80)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%5.1f%% %s%n", 100.0 * e.getValue() / n, e.getKey())));
        return out.toString();
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
