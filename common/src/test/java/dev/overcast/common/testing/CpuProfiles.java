package dev.overcast.common.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * For the services' measuring drivers (the CPU profiles run on demand, not tests): CPU time per thread, of this JVM and
 * of the test's embedded PostgreSQL (its postmaster and the processes under it, from /proc), and a JFR recording's
 * samples by frame: figures per operation that a loaded machine does not distort as it does throughput.
 */
public final class CpuProfiles {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ: 100 on Linux

    private CpuProfiles() {
    }

    /** Each live thread's CPU time (ns) and bytes allocated so far, by thread id. */
    public static Map<Long, long[]> threads() {
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) THREADS;
        Map<Long, long[]> all = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            all.put(id, new long[] {THREADS.getThreadCpuTime(id), allocation.getThreadAllocatedBytes(id)});
        }
        return all;
    }

    /**
     * The group a measuring driver's thread belongs to: {@code client} (the driver's own, named {@code cpu-client…}),
     * {@code service} (Tomcat's request threads) or {@code other}.
     */
    public static String group(String thread) {
        if (thread.startsWith("cpu-client")) {
            return "client";
        }
        return thread.startsWith("http-nio") ? "service" : "other";
    }

    /** What the live threads used since {@code before} ({@link #threads}): CPU (ns) and bytes allocated by group. */
    public record Usage(Map<String, Long> cpu, Map<String, Long> allocated, long javaThreads) {

        public long cpu(String group) {
            return cpu.getOrDefault(group, 0L);
        }

        public long allocated(String group) {
            return allocated.getOrDefault(group, 0L);
        }
    }

    /** The CPU and allocation of each live thread since {@code before}, summed by {@link #group}. */
    public static Usage since(Map<Long, long[]> before) {
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) THREADS;
        Map<String, Long> cpu = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        long javaThreads = 0;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long[] was = before.getOrDefault(t.getThreadId(), new long[2]);
            long used = THREADS.getThreadCpuTime(t.getThreadId()) - was[0];
            javaThreads += used;
            cpu.merge(group(t.getThreadName()), used, Long::sum);
            allocated.merge(group(t.getThreadName()), allocation.getThreadAllocatedBytes(t.getThreadId()) - was[1], Long::sum);
        }
        return new Usage(cpu, allocated, javaThreads);
    }

    /** This JVM's CPU time (ns), its own threads (GC, JIT) included. */
    public static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time (ns) of the embedded PostgreSQL: its postmaster's own and that of the children it has reaped (backends
     * whose connections closed), and that of its live children.
     */
    public static long postgresCpu() throws IOException {
        Path pidFile = TestDatabase.server().dataDirectory().resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        String stat = Files.readString(Path.of("/proc", Long.toString(postmaster), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        for (long pid : ProcessHandle.of(postmaster).orElseThrow().descendants().mapToLong(ProcessHandle::pid).toArray()) {
            ticks += ticks(pid);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** utime + stime of a process, in ticks (0 for one that ended meanwhile). */
    public static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The execution samples of the threads {@code sampled} accepts (by name), by top frame (the 30 most frequent) and
     * inclusive of every frame on their stacks (the 80 most frequent of those {@code inclusive} accepts).
     */
    public static String profile(Path jfr, String title, Predicate<String> sampled, Predicate<String> inclusive)
            throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> all = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getThread("sampledThread") == null || !sampled.test(String.valueOf(e.getThread("sampledThread").getJavaName()))) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                top.merge(frame(frames.getFirst()), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                if (seen.add(frame(f))) {
                    all.merge(frame(f), 1, Integer::sum);
                }
            }
        }
        int n = Math.max(1, samples);
        StringBuilder out = new StringBuilder("\n" + title + ": " + samples + " samples\n-- top frames (self)\n");
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(30)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%5.1f%% %s%n", 100.0 * e.getValue() / n, e.getKey())));
        out.append("-- inclusive\n");
        all.entrySet().stream().filter(e -> inclusive.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(80)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%5.1f%% %s%n", 100.0 * e.getValue() / n, e.getKey())));
        return out.toString();
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
