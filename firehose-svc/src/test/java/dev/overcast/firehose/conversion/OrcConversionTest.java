package dev.overcast.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.GlueStandIn;
import dev.overcast.firehose.S3Reads;
import dev.overcast.firehose.TransformServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.OrcCompression;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * JSON → Apache ORC with the schema of a Glue table: the file read back with ORC's reader, value by value, with the
 * OrcSerDe settings it was written with; a record that does not match lands under the error prefix.
 */
class OrcConversionTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FirehoseClient firehose = FirehoseTestService.client();

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    /** The file's rows as maps column → value (null when absent). */
    private static List<Map<String, Object>> read(Reader reader) throws Exception {
        List<String> names = reader.getSchema().getFieldNames();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RecordReader records = reader.rows()) {
            VectorizedRowBatch batch = reader.getSchema().createRowBatch();
            while (records.nextBatch(batch)) {
                for (int r = 0; r < batch.size; r++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 0; c < names.size(); c++) {
                        var col = batch.cols[c];
                        int i = col.isRepeating ? 0 : r;
                        Object v = !col.noNulls && col.isNull[i] ? null : switch (col) {
                            case BytesColumnVector b -> b.toString(i);
                            case TimestampColumnVector t -> t.asScratchTimestamp(i).getTime();
                            case DoubleColumnVector d -> d.vector[i];
                            case LongColumnVector l -> l.vector[i];
                            default -> throw new IllegalStateException(col.toString());
                        };
                        row.put(names.get(c), v);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** ORC's reader on a local file. */
    static Reader reader(Path file) throws java.io.IOException {
        Configuration conf = new Configuration(false);
        // the local file system as is: looking one up would start Hadoop's user login
        RawLocalFileSystem local = new RawLocalFileSystem();
        local.initialize(java.net.URI.create("file:///"), conf);
        return OrcFile.createReader(new org.apache.hadoop.fs.Path(file.toUri()),
                OrcFile.readerOptions(conf).filesystem(local).useUTCTimestamp(true));
    }

    /**
     * A delivery with format conversion, dynamic partitioning and S3 backup is streamed: the ORC file's stripes go to
     * its object's multipart upload as they fill and each record goes to the backup's upload as it is read, so both
     * uploads are under way while the transformation function still runs (the last record not yet sent to it); the
     * file holds every row and the backup every record as it came.
     */
    @Test
    void aConvertedPartitionedDeliveryWithABackupIsStreamed() throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "int");
        columns.put("text", "string");
        GlueStandIn.table("sales", "orc_big", columns);
        String bucket = FirehoseTestService.bucket();
        String backup = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("orcbig");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(60))
                .prefix("first=!{partitionKeyFromLambda:first}/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                .processingConfiguration(p -> p.enabled(true).processors(Processor.builder().type(ProcessorType.LAMBDA)
                        .parameters(ProcessorParameter.builder().parameterName(ProcessorParameterName.LAMBDA_ARN)
                                .parameterValue(TransformServer.ARN).build()).build()))
                .s3BackupMode(S3BackupMode.ENABLED).s3BackupConfiguration(c -> c.bucketARN(backup).roleARN(ROLE))
                .dataFormatConversionConfiguration(c -> c.enabled(true)
                        .schemaConfiguration(s -> s.databaseName("sales").tableName("orc_big").roleARN(ROLE))
                        .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> { })))
                        .outputFormatConfiguration(o -> o.serializer(x -> x.orcSerDe(p -> p
                                .compression(OrcCompression.NONE).stripeSizeBytes(8 * 1024 * 1024)))))));
        // 32 records of 400 kB (12.8 MB: more than a stripe, and than a 5 MiB part), each in an invocation of its own
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            records.add("{\"id\":" + i + ",\"text\":\"" + i + "-" + String.valueOf((char) ('a' + i % 26)).repeat(400_000) + "\"}");
        }
        for (int from = 0; from < 32; from += 8) {
            List<Record> batch = records.subList(from, from + 8).stream().map(OrcConversionTest::record).toList();
            assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch)).failedPutCount()).isZero();
        }
        int[] uploadsWhenLastInvoked = {-1, -1};
        TransformServer.onEvent = e -> {
            if (e.path("deliveryStreamArn").asText().endsWith("/" + name) && new String(Base64.getDecoder().decode(
                    e.path("records").get(0).path("data").asText()), StandardCharsets.UTF_8).startsWith("{\"id\":31,")) {
                uploadsWhenLastInvoked[0] = FirehoseTestService.s3().listMultipartUploads(
                        b -> b.bucket(S3Reads.bucketName(bucket))).uploads().size();
                uploadsWhenLastInvoked[1] = FirehoseTestService.s3().listMultipartUploads(
                        b -> b.bucket(S3Reads.bucketName(backup))).uploads().size();
            }
        };
        try {
            FirehoseTestService.advanceClock(java.time.Duration.ofSeconds(61));
            S3Object data = S3Reads.awaitObjects(bucket, 1).getFirst();
            S3Object copy = S3Reads.awaitObjects(backup, 1).getFirst();
            assertThat(uploadsWhenLastInvoked).as("multipart uploads under way (object, backup) when the last record "
                    + "was sent to the function").containsExactly(1, 1);
            assertThat(data.key()).startsWith("first={/").endsWith(".orc");
            assertThat(S3Reads.bytes(backup, copy.key())).isEqualTo(String.join("", records).getBytes(StandardCharsets.UTF_8));
            Path file = Files.createTempFile("firehose-", ".orc");
            try {
                Files.write(file, S3Reads.bytes(bucket, data.key()));
                try (Reader reader = reader(file)) {
                    assertThat(reader.getStripes().size()).isGreaterThan(1);
                    List<Map<String, Object>> rows = read(reader);
                    assertThat(rows).hasSize(32);
                    for (int i = 0; i < 32; i++) {
                        assertThat(rows.get(i).get("id")).isEqualTo((long) i);
                        assertThat(rows.get(i).get("text")).isEqualTo((i + "-" + String.valueOf((char) ('a' + i % 26))
                                .repeat(400_000)).toUpperCase(java.util.Locale.ROOT));
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } finally {
            TransformServer.onEvent = e -> { };
        }
    }

    @Test
    void jsonRecordsBecomeOrcRowsWithTheSerDeSettingsAndAMismatchGoesToTheErrorPrefix() throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "int");
        columns.put("name", "string");
        columns.put("price", "double");
        columns.put("paid", "boolean");
        columns.put("at", "timestamp");
        columns.put("qty", "bigint");
        columns.put("day", "date");
        columns.put("code", "varchar(8)");
        GlueStandIn.table("sales", "orc_orders", columns);
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("orc");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(0))
                .prefix("data/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .dataFormatConversionConfiguration(c -> c.enabled(true)
                        .schemaConfiguration(s -> s.databaseName("sales").tableName("orc_orders").roleARN(ROLE))
                        .inputFormatConfiguration(i -> i.deserializer(x -> x.hiveJsonSerDe(h -> { })))
                        .outputFormatConfiguration(o -> o.serializer(x -> x.orcSerDe(p -> p
                                .compression(OrcCompression.ZLIB).stripeSizeBytes(8 * 1024 * 1024)
                                .blockSizeBytes(64 * 1024 * 1024).enablePadding(true).rowIndexStride(5000)
                                .bloomFilterColumns("name")))))));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(
                record("{\"id\":1,\"Name\":\"apple\",\"price\":1.5,\"paid\":true,\"at\":\"2026-01-02T03:04:05Z\","
                        + "\"qty\":10,\"day\":\"2026-01-02\",\"code\":\"A1\"}"),
                record("{\"id\":2,\"name\":\"pear\",\"price\":2,\"paid\":false,\"at\":1700000000000,\"extra\":[1]}"),
                record("{\"id\":1e99,\"name\":\"too big\"}")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        S3Object data = objects.stream().filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow();
        assertThat(data.key()).endsWith(".orc");

        Path file = Files.createTempFile("firehose-", ".orc");
        try {
            Files.write(file, S3Reads.bytes(bucket, data.key()));
            try (Reader reader = reader(file)) {
                assertThat(reader.getSchema().toString()).isEqualTo(
                        "struct<id:int,name:string,price:double,paid:boolean,at:timestamp,qty:bigint,day:date,code:string>");
                assertThat(reader.getCompressionKind()).isEqualTo(CompressionKind.ZLIB);
                assertThat(reader.getRowIndexStride()).isEqualTo(5000);
                assertThat(reader.getNumberOfRows()).isEqualTo(2);
                List<Map<String, Object>> rows = read(reader);
                Map<String, Object> first = rows.get(0);
                assertThat(first.get("id")).isEqualTo(1L);
                assertThat(first.get("name")).isEqualTo("apple");
                assertThat(first.get("price")).isEqualTo(1.5);
                assertThat(first.get("paid")).isEqualTo(1L);
                assertThat(first.get("at")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
                assertThat(first.get("qty")).isEqualTo(10L);
                assertThat(first.get("day")).isEqualTo(LocalDate.parse("2026-01-02").toEpochDay());
                assertThat(first.get("code")).isEqualTo("A1");
                Map<String, Object> second = rows.get(1);
                assertThat(second.get("id")).isEqualTo(2L);
                assertThat(second.get("name")).isEqualTo("pear");
                assertThat(second.get("price")).isEqualTo(2.0);
                assertThat(second.get("paid")).isEqualTo(0L);
                assertThat(second.get("at")).isEqualTo(1700000000000L);
                assertThat(second.get("qty")).isNull();
                assertThat(second.get("day")).isNull();
                assertThat(second.get("code")).isNull();
            }
        } finally {
            Files.deleteIfExists(file);
        }

        S3Object error = objects.stream().filter(o -> o.key().startsWith("errors/")).findFirst().orElseThrow();
        assertThat(error.key()).startsWith("errors/format-conversion-failed/");
        JsonNode failure = JSON.readTree(S3Reads.text(bucket, error.key()));
        assertThat(failure.path("errorCode").asText()).isEqualTo("DataFormatConversion.MalformedData");
        assertThat(new String(Base64.getDecoder().decode(failure.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":1e99,\"name\":\"too big\"}");
    }
}
