package dev.overcast.s3.lifecycle;

import dev.overcast.s3.CpuMeter;
import dev.overcast.s3.S3TestService;
import dev.overcast.s3.lifecycle.sweeper.LifecycleSweeper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

/**
 * Not a test (surefire runs only *Test classes): a lifecycle sweep over a bucket of 100,000 objects (copied in by SQL
 * from one object put through the API), its wall time and CPU (JVM and database, {@link CpuMeter}) when nothing is due
 * and when every object expires; and the CPU per 1 KiB PutObject into another bucket without a sweep and while sweeps
 * run back to back (the sweeps' own CPU, measured alone, taken out). Run:
 * {@code -Dtest=LifecycleSweepBench -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.objects}, {@code -Dbench.puts}).
 */
class LifecycleSweepBench {

    private static final S3Client OWNER = S3TestService.client();
    private static final int OBJECTS = Integer.getInteger("bench.objects", 100_000);
    private static final int PUTS = Integer.getInteger("bench.puts", 1500);
    private static final CpuMeter CPU = new CpuMeter(S3TestService.jdbc());
    private static final LifecycleSweeper SWEEPER = S3TestService.bean(LifecycleSweeper.class);

    /** {wall ms, CPU ms, actions} of one sweep. */
    private static double[] sweep() {
        CpuMeter.Sample start = CPU.now();
        long t0 = System.nanoTime();
        int actions;
        do {
            actions = SWEEPER.sweep(); // -1: the scheduled sweep runs: again
        } while (actions < 0);
        long wall = System.nanoTime() - t0;
        return new double[]{wall / 1e6, CPU.now().minus(start).total() / 1e6, actions};
    }

    /** CPU microseconds per 1 KiB put over a round: {JVM and database, request threads, database}. */
    private static double[] puts(String bucket, int round) {
        byte[] body = new byte[1024];
        CpuMeter.Sample start = CPU.now();
        for (int i = 0; i < PUTS; i++) {
            String key = "r" + round + "/" + i;
            OWNER.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
        }
        CpuMeter.Sample used = CPU.now().minus(start);
        return new double[]{used.total() / 1000.0 / PUTS, used.requests() / 1000.0 / PUTS, used.db() / 1000.0 / PUTS};
    }

    private static String line(List<double[]> rounds, int which) {
        return rounds.stream().map(r -> String.format("%.0f", r[which])).collect(java.util.stream.Collectors.joining(" "));
    }

    @Test
    void sweepOverAHundredThousandObjectsAndPutsMeanwhile() throws InterruptedException {
        JdbcTemplate jdbc = S3TestService.jdbc();
        String swept = S3TestService.bucketName();
        String written = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(swept));
        OWNER.createBucket(b -> b.bucket(written));
        OWNER.putObject(b -> b.bucket(swept).key("data/seed"), RequestBody.fromBytes(new byte[1024]));
        String columns = jdbc.queryForObject("""
                select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
                where table_schema = 's3' and table_name = 'object' and column_name not in ('id', 'key', 'version_seq')""",
                String.class);
        long t0 = System.nanoTime();
        jdbc.update("insert into s3.object (key, " + columns + ") select 'data/' || lpad(g::text, 7, '0'), " + columns
                + " from s3.object o, generate_series(1, ?) g where o.bucket = ? and o.key = 'data/seed'", OBJECTS, swept);
        jdbc.execute("analyze s3.object");
        System.out.printf("LifecycleSweepBench: %d objects copied in %.1f s%n", OBJECTS, (System.nanoTime() - t0) / 1e9);
        OWNER.putBucketLifecycleConfiguration(b -> b.bucket(swept).lifecycleConfiguration(c -> c.rules(r -> r.id("30d")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("data/")).expiration(e -> e.days(30)))));

        sweep(); // warm-up
        List<double[]> idle = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idle.add(sweep());
        }
        System.out.println("  sweep, nothing due (wall ms / CPU ms / actions):");
        idle.forEach(s -> System.out.printf("    %.0f / %.0f / %.0f%n", s[0], s[1], s[2]));
        double sweepCpu = idle.stream().mapToDouble(s -> s[1]).sorted().toArray()[2];

        puts(written, 0); // warm-up
        List<double[]> alone = new ArrayList<>();
        List<double[]> during = new ArrayList<>();
        List<Double> duringNet = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            alone.add(puts(written, round * 10));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sweeps = new AtomicInteger();
            Thread sweeper = new Thread(() -> {
                while (!stop.get()) {
                    sweep();
                    sweeps.incrementAndGet();
                }
            });
            sweeper.start();
            double[] total = puts(written, round * 10 + 1);
            stop.set(true);
            sweeper.join();
            during.add(total);
            duringNet.add(total[0] - sweeps.get() * sweepCpu * 1000.0 / PUTS);
            System.out.printf("  round %d: %d sweeps ran during the puts%n", round, sweeps.get());
        }
        System.out.println("  CPU us per 1 KiB put, without a sweep:  JVM+db " + line(alone, 0) + "; request threads "
                + line(alone, 1) + "; db " + line(alone, 2));
        System.out.println("  CPU us per 1 KiB put, sweeps running:   JVM+db " + line(during, 0) + "; request threads "
                + line(during, 1) + "; db " + line(during, 2));
        System.out.println("  JVM+db per put with the sweeps' own CPU (measured alone) taken out: " + duringNet.stream()
                .map(v -> String.format("%.0f", v)).collect(java.util.stream.Collectors.joining(" ")));

        jdbc.update("update s3.object set last_modified = last_modified - interval '40 days' where bucket = ?", swept);
        double[] expiring = sweep();
        System.out.printf("  sweep expiring everything: wall %.0f ms, CPU %.0f ms, %.0f actions%n", expiring[0],
                expiring[1], expiring[2]);
    }

    /**
     * What 16 threads' 1 KiB puts into another bucket wait on while a sweep expires every object of the bucket of
     * 100,000: pg_stat_activity sampled every 20 ms (the put backends' wait events, the background processes at work),
     * WAL records, full-page images and bytes (pg_stat_wal), checkpoints, the puts done, before, during and after.
     */
    @Test
    void whatPutsWaitOnDuringAnExpiringSweep() throws Exception {
        JdbcTemplate jdbc = S3TestService.jdbc();
        String swept = filled();
        String written = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(written));
        jdbc.update("update s3.object set last_modified = last_modified - interval '40 days' where bucket = ?", swept);
        jdbc.execute("checkpoint"); // as a timed checkpoint would have come after the fill
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger done = new AtomicInteger();
        byte[] body = new byte[1024];
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = "t" + thread + "/" + i;
                    OWNER.putObject(b -> b.bucket(written).key(key), RequestBody.fromBytes(body));
                    done.incrementAndGet();
                }
            }, "cpu-client-" + t);
            w.start();
            writers.add(w);
        }
        Thread.sleep(3000); // warm
        StringBuilder out = new StringBuilder("LifecycleSweepBench: what puts wait on\n");
        phase(out, "before (puts alone)", done, () -> Thread.sleep(5000));
        phase(out, "during the sweep", done, () -> {
            double[] s = sweep();
            out.append(String.format("  the sweep: wall %.0f ms, CPU %.0f ms, %.0f actions%n", s[0], s[1], s[2]));
        });
        phase(out, "after (puts alone)", done, () -> Thread.sleep(5000));
        stop.set(true);
        for (Thread w : writers) {
            w.join();
        }
        System.out.println(out);
    }

    /** A bucket of {@link #OBJECTS} 1 KiB objects under data/, copied in by SQL from one put, with a 30-day rule. */
    private static String filled() {
        JdbcTemplate jdbc = S3TestService.jdbc();
        String swept = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(swept));
        OWNER.putObject(b -> b.bucket(swept).key("data/seed"),
                RequestBody.fromBytes(new byte[Integer.getInteger("bench.size", 1024)]));
        String columns = jdbc.queryForObject("""
                select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
                where table_schema = 's3' and table_name = 'object' and column_name not in ('id', 'key', 'version_seq')""",
                String.class);
        jdbc.update("insert into s3.object (key, " + columns + ") select 'data/' || lpad(g::text, 7, '0'), " + columns
                + " from s3.object o, generate_series(1, ?) g where o.bucket = ? and o.key = 'data/seed'", OBJECTS, swept);
        jdbc.execute("analyze s3.object");
        OWNER.putBucketLifecycleConfiguration(b -> b.bucket(swept).lifecycleConfiguration(c -> c.rules(r -> r.id("30d")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("data/")).expiration(e -> e.days(30)))));
        return swept;
    }

    interface Phase {
        void run() throws Exception;
    }

    private static void phase(StringBuilder out, String name, AtomicInteger puts, Phase body) throws Exception {
        JdbcTemplate jdbc = S3TestService.jdbc();
        java.util.Map<String, Object> wal0 = jdbc.queryForMap("select wal_records, wal_fpi, wal_bytes, wal_write, wal_sync"
                + " from pg_stat_wal");
        java.util.Map<String, Object> cp0 = jdbc.queryForMap("select num_timed + num_requested as n, buffers_written"
                + " from pg_stat_checkpointer");
        int puts0 = puts.get();
        long t0 = System.nanoTime();
        java.util.Map<String, Integer> waits = new java.util.TreeMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            JdbcTemplate sj = S3TestService.jdbc();
            while (sampling.get()) {
                sj.query("""
                        select case when query like '%victims%' then 'sweep' when backend_type = 'client backend'
                        then 'client' else backend_type end as who,
                        coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, '-') as w
                        from pg_stat_activity where pid <> pg_backend_pid()
                        and (state = 'active' or backend_type not in ('client backend'))""", rs -> {
                    synchronized (waits) {
                        waits.merge(rs.getString(1) + " " + rs.getString(2), 1, Integer::sum);
                    }
                });
                synchronized (waits) {
                    waits.merge("(samples)", 1, Integer::sum);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        body.run();
        sampling.set(false);
        sampler.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = puts.get() - puts0;
        java.util.Map<String, Object> wal1 = jdbc.queryForMap("select wal_records, wal_fpi, wal_bytes, wal_write, wal_sync"
                + " from pg_stat_wal");
        java.util.Map<String, Object> cp1 = jdbc.queryForMap("select num_timed + num_requested as n, buffers_written"
                + " from pg_stat_checkpointer");
        out.append(String.format("== %s: %.1f s, %d puts (%.0f/s)%n", name, seconds, n, n / seconds));
        for (String k : wal0.keySet()) {
            double d = ((Number) wal1.get(k)).doubleValue() - ((Number) wal0.get(k)).doubleValue();
            out.append(String.format("   %-16s %14.0f  (%.1f per put)%n", k, d, d / Math.max(1, n)));
        }
        for (String k : cp0.keySet()) {
            out.append(String.format("   checkpoint %-12s %8d%n", k, ((Number) cp1.get(k)).longValue()
                    - ((Number) cp0.get(k)).longValue()));
        }
        int samples = waits.getOrDefault("(samples)", 1);
        waits.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("   %6.2f per sample  %s%n", (double) e.getValue() / samples,
                        e.getKey())));
    }

    /**
     * A sweep expiring {@link #OBJECTS} objects with nothing else running (another bucket's as many objects in the
     * table before them), right after a checkpoint (every page it changes is logged whole once) and not: its WAL
     * (pg_stat_wal), its wall time and CPU (JVM and database).
     */
    @Test
    void walOfAnExpiringSweep() throws Exception {
        JdbcTemplate jdbc = S3TestService.jdbc();
        StringBuilder out = new StringBuilder("LifecycleSweepBench: WAL of a sweep expiring " + OBJECTS + " objects\n");
        filled(); // another bucket's objects, none due, in the table before the swept ones
        for (boolean checkpoint : new boolean[]{true, false, true, false}) {
            String swept = filled();
            jdbc.update("update s3.object set last_modified = last_modified - interval '40 days' where bucket = ?", swept);
            jdbc.execute(checkpoint ? "checkpoint" : "select 1");
            AtomicInteger none = new AtomicInteger();
            phase(out, checkpoint ? "after a checkpoint" : "no checkpoint since the fill", none, () -> {
                double[] s = sweep();
                out.append(String.format("  the sweep: wall %.0f ms, CPU %.0f ms, %.0f actions%n", s[0], s[1], s[2]));
            });
        }
        System.out.println(out);
    }
}
