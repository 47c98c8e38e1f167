package dev.overcast.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Direct PUT to S3: buffering by size and by interval, compression, prefixes, byte-checked objects, failures, limits. */
class DirectPutDeliveryTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private final FirehoseClient firehose = FirehoseTestService.client();

    private String stream(String bucket, Consumer<ExtendedS3DestinationConfiguration.Builder> config) {
        String name = FirehoseTestService.name("d");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> {
            d.bucketARN(bucket).roleARN(ROLE);
            config.accept(d);
        }));
        return name;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    private static byte[] utf8(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void intervalBufferingDeliversOneObjectWhenTheIntervalHasPassed() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60)));
        PutRecordBatchResponse batch = firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                .records(record("{\"a\":1}\n"), record("{\"a\":2}\n")));
        assertThat(batch.failedPutCount()).isZero();
        assertThat(batch.requestResponses()).hasSize(2).allSatisfy(e -> assertThat(e.recordId()).isNotBlank());
        assertThat(batch.requestResponses().get(0).recordId()).isNotEqualTo(batch.requestResponses().get(1).recordId());
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(record("{\"a\":3}\n"))).recordId()).isNotBlank();

        FirehoseTestService.bean(DeliveryWorker.class).poll();
        assertThat(S3Reads.objects(bucket)).isEmpty();   // 60 s have not passed on the suite's clock

        ZonedDateTime put = ZonedDateTime.now(ZoneOffset.UTC).plus(FirehoseTestService.bean(SuiteClock.class).offset());
        FirehoseTestService.advanceClock(Duration.ofSeconds(61));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(objects).hasSize(1);
        String key = objects.getFirst().key();
        assertThat(key).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + name + "-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-"
                + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(key).startsWith(put.format(DateTimeFormatter.ofPattern("yyyy/MM/dd/")));
        assertThat(S3Reads.text(bucket, key)).isEqualTo("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    }

    @Test
    void sizeBufferingCutsAnObjectAtSizeInMBs() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(900)));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            byte[] r = new byte[200 * 1024];
            java.util.Arrays.fill(r, (byte) ('a' + i));
            records.add(r);
            firehose.putRecord(b -> b.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromByteArray(r))));
        }
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(objects).hasSize(1);
        // the object holds the records up to the one that reaches 1 MiB; the seventh waits for more or for the interval
        assertThat(S3Reads.bytes(bucket, objects.getFirst().key())).isEqualTo(S3Reads.concat(records.subList(0, 6)));
        FirehoseTestService.bean(DeliveryWorker.class).poll();
        assertThat(S3Reads.objects(bucket)).hasSize(1);
        assertThat(FirehoseTestService.jdbc().queryForObject("""
                select coalesce(sum(r.records - r.taken), 0) from buffered_batch r join delivery_stream s on s.id = r.stream_id where s.name = ?""",
                Integer.class, name)).isEqualTo(1);
    }

    @Test
    void anObjectCutAtSizeInMBsMayEndInsideAPutRecordBatchAndTheRestFollowsInOrder() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(900)));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            byte[] r = new byte[200 * 1024];
            java.util.Arrays.fill(r, (byte) ('a' + i));
            records.add(r);
        }
        // one batch of nine: the object takes the first six (they reach 1 MiB), three stay buffered
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records.stream()
                .map(r -> Record.builder().data(SdkBytes.fromByteArray(r)).build()).toList()));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(objects).hasSize(1);
        assertThat(S3Reads.bytes(bucket, objects.getFirst().key())).isEqualTo(S3Reads.concat(records.subList(0, 6)));
        assertThat(FirehoseTestService.jdbc().queryForObject("""
                select coalesce(sum(r.records - r.taken), 0) from buffered_batch r join delivery_stream s on s.id = r.stream_id where s.name = ?""",
                Integer.class, name)).isEqualTo(3);
        // a second batch of four: the three left of the first and three of the second reach 1 MiB together
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records.subList(0, 4).stream()
                .map(r -> Record.builder().data(SdkBytes.fromByteArray(r)).build()).toList()));
        List<S3Object> two = S3Reads.awaitObjects(bucket, 2);
        List<byte[]> second = new ArrayList<>(records.subList(6, 9));
        second.addAll(records.subList(0, 3));
        assertThat(two.stream().map(o -> S3Reads.bytes(bucket, o.key())).toList())
                .anySatisfy(body -> assertThat(body).isEqualTo(S3Reads.concat(second)));
        assertThat(FirehoseTestService.jdbc().queryForObject("""
                select coalesce(sum(r.records - r.taken), 0) from buffered_batch r join delivery_stream s on s.id = r.stream_id where s.name = ?""",
                Integer.class, name)).isEqualTo(1);
    }

    @Test
    void aDeliveryLargerThanAPartIsStreamedToS3InPartsAndArrivesWhole() throws IOException {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.compressionFormat(CompressionFormat.GZIP)
                .bufferingHints(h -> h.sizeInMBs(6).intervalInSeconds(900)));
        java.util.Random random = new java.util.Random(17);
        List<byte[]> records = new ArrayList<>();
        for (int put = 0; put < 7; put++) {      // 70 records of 100 KiB, random: GZIP cannot make them smaller
            List<Record> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] data = new byte[100 * 1024];
                random.nextBytes(data);
                records.add(data);
                batch.add(Record.builder().data(SdkBytes.fromByteArray(data)).build());
            }
            assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch)).failedPutCount()).isZero();
        }
        // 62 records reach 6 MiB: one object of them, more than a part; the 8 others follow once the interval is over
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(objects).hasSize(1);
        assertThat(objects.getFirst().size()).isGreaterThan(FirehoseTestService.PART_SIZE);
        assertThat(objects.getFirst().eTag()).matches("\"?[0-9a-f]{32}-2\"?");   // a multipart upload of 2 parts
        assertThat(gunzip(S3Reads.bytes(bucket, objects.getFirst().key())))
                .isEqualTo(S3Reads.concat(records.subList(0, 62)));
        String first = objects.getFirst().key();
        FirehoseTestService.advanceClock(Duration.ofSeconds(901));
        // the second object: its key may sort before the first's (both are named by their records' arrival second,
        // then a random suffix)
        S3Object second = S3Reads.awaitObjects(bucket, 2).stream().filter(o -> !o.key().equals(first)).findFirst().orElseThrow();
        assertThat(gunzip(S3Reads.bytes(bucket, second.key()))).isEqualTo(S3Reads.concat(records.subList(62, 70)));
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void gzipWithCustomPrefix() throws IOException {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.intervalInSeconds(0)).compressionFormat(CompressionFormat.GZIP)
                .prefix("logs/year=!{timestamp:yyyy}/r=!{firehose:random-string}/")
                .errorOutputPrefix("errors/!{firehose:error-output-type}/"));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("one\n"), record("two\n")));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        int year = ZonedDateTime.now(ZoneOffset.UTC).plus(FirehoseTestService.bean(SuiteClock.class).offset()).getYear();
        assertThat(o.key()).matches("logs/year=" + year + "/r=[a-z0-9]{11}/" + name + "-1-.*\\.gz");
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(S3Reads.bytes(bucket, o.key())))) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("one\n", "two\n"));
        }
    }

    @Test
    void snappyHadoopSnappyAndZip() throws IOException {
        byte[] expected = utf8("alpha\n", "beta\n");
        String snappy = FirehoseTestService.bucket();
        String s1 = stream(snappy, d -> d.bufferingHints(h -> h.intervalInSeconds(0)).compressionFormat(CompressionFormat.SNAPPY));
        String hadoop = FirehoseTestService.bucket();
        String s2 = stream(hadoop, d -> d.bufferingHints(h -> h.intervalInSeconds(0)).compressionFormat(CompressionFormat.HADOOP_SNAPPY));
        String zip = FirehoseTestService.bucket();
        String s3 = stream(zip, d -> d.bufferingHints(h -> h.intervalInSeconds(0)).compressionFormat(CompressionFormat.ZIP)
                .prefix("zipped/"));
        for (String s : List.of(s1, s2, s3)) {
            firehose.putRecordBatch(b -> b.deliveryStreamName(s).records(record("alpha\n"), record("beta\n")));
        }
        S3Object o1 = S3Reads.awaitObjects(snappy, 1).getFirst();
        assertThat(o1.key()).endsWith(".snappy");
        try (InputStream in = new FramedSnappyCompressorInputStream(new ByteArrayInputStream(S3Reads.bytes(snappy, o1.key())))) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        S3Object o2 = S3Reads.awaitObjects(hadoop, 1).getFirst();
        assertThat(o2.key()).endsWith(".hsnappy");
        assertThat(hadoopSnappy(S3Reads.bytes(hadoop, o2.key()))).isEqualTo(expected);
        S3Object o3 = S3Reads.awaitObjects(zip, 1).getFirst();
        assertThat(o3.key()).matches("zipped/\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + s3 + "-1-.*\\.zip");
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(S3Reads.bytes(zip, o3.key())))) {
            assertThat(in.getNextEntry()).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    /** Hadoop's block framing: per block its raw length, then chunks of (compressed length, Snappy bytes). */
    private static byte[] hadoopSnappy(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (in.available() > 0) {
            int raw = in.readInt();
            int done = 0;
            while (done < raw) {
                byte[] chunk = new byte[in.readInt()];
                in.readFully(chunk);
                byte[] plain = Snappy.uncompress(chunk);
                out.writeBytes(plain);
                done += plain.length;
            }
        }
        return out.toByteArray();
    }

    @Test
    void s3BackupGetsTheSameRecords() {
        String bucket = FirehoseTestService.bucket();
        String backup = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.intervalInSeconds(0)).compressionFormat(CompressionFormat.GZIP)
                .s3BackupMode(S3BackupMode.ENABLED)
                .s3BackupConfiguration(s -> s.bucketARN(backup).roleARN(ROLE).prefix("source/")));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("kept\n")));
        S3Object o = S3Reads.awaitObjects(backup, 1).getFirst();
        assertThat(o.key()).startsWith("source/");
        assertThat(S3Reads.text(backup, o.key())).isEqualTo("kept\n");
        assertThat(S3Reads.awaitObjects(bucket, 1)).hasSize(1);
    }

    @Test
    void anUnreachableBucketIsDescribedAndDeliveredOnceItExists() {
        String bucket = "arn:aws:s3:::" + FirehoseTestService.name("later");
        String name = stream(bucket, d -> d.bufferingHints(h -> h.intervalInSeconds(0)));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("waiting\n")));
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().failureDescription() != null);
        FailureDescription failure = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().failureDescription();
        assertThat(failure.details()).contains(S3Reads.bucketName(bucket));
        FirehoseTestService.s3().createBucket(b -> b.bucket(S3Reads.bucketName(bucket)));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(S3Reads.text(bucket, o.key())).isEqualTo("waiting\n");
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().failureDescription() == null);
    }

    @Test
    void limitsOfPutRecordBatch() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.intervalInSeconds(900)));
        List<Record> tooMany = IntStream.range(0, 501).mapToObj(i -> record("r")).toList();
        assertThatThrownBy(() -> firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(tooMany)))
                .isInstanceOf(FirehoseException.class).hasMessageContaining("Member must have length less than or equal to 500");
        byte[] big = new byte[1_000 * 1024];
        List<Record> tooLarge = IntStream.range(0, 5).mapToObj(i -> Record.builder().data(SdkBytes.fromByteArray(big)).build()).toList();
        assertThatThrownBy(() -> firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(tooLarge)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("4 MB");
        byte[] tooBig = new byte[1_024_001];
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromByteArray(tooBig)))))
                .isInstanceOf(FirehoseException.class).hasMessageContaining("1024000");
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName("missing-x").record(record("r"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(FirehoseTestService.jdbc().queryForObject("""
                select coalesce(sum(r.records - r.taken), 0) from buffered_batch r join delivery_stream s on s.id = r.stream_id where s.name = ?""",
                Integer.class, name)).isZero();
    }

    @Test
    void deliveriesAreCountedInPrometheus() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.intervalInSeconds(0)));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("m1"), record("m2")));
        S3Reads.awaitObjects(bucket, 1);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(FirehoseTestService.endpoint() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("overcast_firehose_delivered_records_total{delivery_stream=\"" + name + "\"} 2.0");
        assertThat(metrics).contains("overcast_firehose_delivered_bytes_total{delivery_stream=\"" + name + "\"} 4.0");
    }
}
