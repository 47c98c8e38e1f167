package dev.overcast.flink.pipeline;

import dev.overcast.flink.FlinkTestService;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Figures for the closing note, printed as {@code FIGURE} lines and never asserted (tests never assert timings): the
 * records/s of Kinesis alone (put, then read back) beside those of Kinesis -> Flink -> Kinesis on the same machine, and
 * the CPU time per record of each process — this test JVM (the test's clients and the suite's S3, Kinesis and Flink
 * services) and the application's Flink JVM. On a shared machine the CPU times are the figures to trust, the rates are
 * only indicative.
 */
final class PipelineFigures {

    /** Records in a Kinesis PutRecords call at most. */
    private static final int BATCH = 500;

    private PipelineFigures() {
    }

    static void print(String line) {
        System.out.println("FIGURE " + line);
    }

    /** A point in time: the wall clock and the CPU time so far of this JVM and of the Flink JVM {@code pid}. */
    record Mark(long nanos, long ownCpu, long flinkCpu, long pid) {

        static Mark now(long pid) {
            return new Mark(System.nanoTime(), jvmCpu(), pid > 0 ? processCpu(pid) : 0, pid);
        }

        /** One line: n records since this mark, their rate and each process's CPU time per record. */
        String since(String what, int n) {
            Mark end = now(pid);
            long wall = end.nanos - nanos;
            return what + ": " + n + " records in " + wall / 1_000_000 + " ms (" + n * 1_000_000_000L / wall + " records/s); CPU per record: "
                    + (end.ownCpu - ownCpu) / 1_000 / n + " us in the test JVM (clients, S3, Kinesis, Flink services)"
                    + (pid > 0 ? ", " + (end.flinkCpu - flinkCpu) / 1_000 / n + " us in the application's Flink JVM" : "");
        }
    }

    /**
     * Kinesis alone, as the pipeline uses it: {@code keys} put in PutRecords calls of 500 into a stream of one shard,
     * then read back with GetRecords from its start; printed for each half and for both.
     */
    static void kinesisAlone(List<String> keys) {
        KinesisClient kinesis = FlinkTestService.kinesis();
        String stream = "alone-" + UUID.randomUUID().toString().substring(0, 6);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        Mark start = Mark.now(-1);
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<PutRecordsRequestEntry> batch = keys.subList(from, Math.min(from + BATCH, keys.size())).stream()
                    .map(k -> PutRecordsRequestEntry.builder().partitionKey(k).data(SdkBytes.fromString(k, StandardCharsets.UTF_8))
                            .build()).toList();
            kinesis.putRecords(b -> b.streamName(stream).records(batch));
        }
        print(start.since("Kinesis alone, PutRecords", keys.size()));
        Mark read = Mark.now(-1);
        String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        int seen = 0;
        while (seen < keys.size()) {
            String at = iterator;
            var r = kinesis.getRecords(b -> b.shardIterator(at));
            seen += r.records().size();
            iterator = r.nextShardIterator();
        }
        print(read.since("Kinesis alone, GetRecords", keys.size()));
        print(start.since("Kinesis alone, put and read back", keys.size()));
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /** This JVM's CPU time so far, in ns. */
    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU time so far of process {@code pid} (utime + stime in /proc, clock ticks of 10 ms), in ns; 0 if unknown. */
    private static long processCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
