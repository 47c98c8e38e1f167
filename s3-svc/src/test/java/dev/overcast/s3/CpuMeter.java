package dev.overcast.s3;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * For the benchmarks (not a test): CPU time used so far by this JVM (the service and the SDK client in it) and by the
 * test's PostgreSQL (its postmaster and the processes under it, read from /proc), so that a figure per operation does
 * not depend on how busy the shared machine is.
 */
public final class CpuMeter {

    /**
     * CPU nanoseconds of the JVM, of the database, and of the threads that make and serve requests (the calling
     * thread, where the SDK client runs, and Tomcat's workers): the JVM's figure also has its background jobs, GC and
     * JIT, which the requests' does not.
     */
    public record Sample(long jvm, long db, long requests) {

        public Sample minus(Sample earlier) {
            return new Sample(jvm - earlier.jvm, db - earlier.db, requests - earlier.requests);
        }

        public long total() {
            return jvm + db;
        }
    }

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ: 100 on Linux
    private final long postmaster;

    public CpuMeter(JdbcTemplate jdbc) {
        Integer backend = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
        this.postmaster = stat(backend)[1];
    }

    public Sample now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] s = stat(pid);
                if (s != null && (pid == postmaster || s[1] == postmaster)) {
                    ticks += s[2] + s[3];
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Sample(jvm, ticks * NANOS_PER_TICK, requestThreads());
    }

    private static long requestThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = threads.getCurrentThreadCpuTime();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("-exec-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** pid, ppid, utime, stime of a process (null when it is gone). */
    private static long[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[]{pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
