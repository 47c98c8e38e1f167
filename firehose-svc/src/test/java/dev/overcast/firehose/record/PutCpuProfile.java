package dev.overcast.firehose.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.CpuProfiles;
import dev.overcast.firehose.FirehoseTestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Not a test of behaviour but a measuring driver, run only when asked
 * ({@code -Dovercast.firehose.cpu=true -Dtest=PutCpuProfile}): PutRecordBatch of 500 × 1 KiB from 8 threads, and the
 * CPU time the server spends per record, which a loaded machine does not distort as it does wall-clock throughput.
 * Counted by thread (the clients' threads apart from the service's), the JVM's own threads (GC, JIT) and the embedded
 * PostgreSQL's processes; a JFR execution-sample profile of the service's threads names where the time goes. Written
 * to {@code target/put-cpu-profile.txt}.
 */
@EnabledIfSystemProperty(named = "overcast.firehose.cpu", matches = "true")
class PutCpuProfile {

    private static final int THREADS = 8;
    private static final int BATCH = 500;

    @Test
    void putRecordBatchCpuPerRecord() throws Exception {
        // each phase on a stream of its own, below 128 MiB: no delivery runs while the puts are measured
        int warmup = Integer.getInteger("overcast.firehose.cpu.warmup", 200);
        int batches = Integer.getInteger("overcast.firehose.cpu.batches", 250);
        FirehoseClient firehose = FirehoseTestService.client();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "cpu-client"));
        try {
            run(pool, firehose, stream(firehose), warmup);
            String name = stream(firehose);
            StringBuilder out = new StringBuilder();
            Map<Long, long[]> before = CpuProfiles.threads();
            long processBefore = CpuProfiles.processCpu();
            long pgBefore = CpuProfiles.postgresCpu();
            long wallBefore = System.nanoTime();
            Path jfr = Files.createTempFile("put-cpu", ".jfr");
            try (Recording recording = new Recording()) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                recording.start();
                run(pool, firehose, name, batches);
                recording.stop();
                recording.dump(jfr);
            }
            long wall = System.nanoTime() - wallBefore;
            long pg = CpuProfiles.postgresCpu() - pgBefore;
            long process = CpuProfiles.processCpu() - processBefore;
            CpuProfiles.Usage used = CpuProfiles.since(before);
            long records = (long) batches * BATCH;
            out.append(String.format(Locale.ROOT, "%d records in %.1f s wall (%.0f records/s, not comparable on a loaded"
                    + " machine)%n", records, wall / 1e9, records / (wall / 1e9)));
            out.append(perRecord("service request threads", used.cpu("service"), records));
            out.append(perRecord("service other threads", used.cpu("other"), records));
            out.append(perRecord("JVM non-Java threads (GC, JIT; shared with the client)", process - used.javaThreads(), records));
            out.append(perRecord("PostgreSQL processes", pg, records));
            out.append(perRecord("client threads (not the service)", used.cpu("client"), records));
            out.append(String.format(Locale.ROOT, "%-58s %8.0f bytes/record%n", "allocated by the service request threads",
                    (double) used.allocated("service") / records));
            out.append(String.format(Locale.ROOT, "%-58s %8.0f bytes/record%n", "allocated by the client threads",
                    (double) used.allocated("client") / records));
            out.append(CpuProfiles.profile(jfr, "service thread samples", t -> CpuProfiles.group(t).equals("service"), k -> true));
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "put-cpu-profile.txt"), out);
            System.out.println(out);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String stream(FirehoseClient firehose) {
        String name = FirehoseTestService.name("cpu");
        String bucket = FirehoseTestService.bucket();
        // -Dovercast.firehose.cpu.sse=true: the stream's buffer encrypted at rest (server-side encryption on)
        boolean sse = Boolean.getBoolean("overcast.firehose.cpu.sse");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(sse ? software.amazon.awssdk.services.firehose.model
                        .DeliveryStreamEncryptionConfigurationInput.builder().keyType("AWS_OWNED_CMK").build() : null)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(128).intervalInSeconds(900))));
        return name;
    }

    private static void run(ExecutorService pool, FirehoseClient firehose, String name, int batches) throws Exception {
        AtomicInteger left = new AtomicInteger(batches);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                Random random = new Random();
                while (left.getAndDecrement() > 0) {
                    List<Record> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        byte[] data = new byte[1024];
                        random.nextBytes(data);
                        batch.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(data)).build());
                    }
                    PutRecordBatchResponse r = firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch));
                    assertThat(r.failedPutCount()).isZero();
                    assertThat(r.requestResponses()).hasSize(BATCH);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static String perRecord(String what, long nanos, long records) {
        return String.format(Locale.ROOT, "%-58s %8.1f µs/record%n", what, nanos / 1e3 / records);
    }
}
